import * as pulumi from "@pulumi/pulumi";

/**
 * The keys a resource class registers, split by what they are. Each class's lists are generated
 * from its input declaration (sdk/generated/, written by scripts/generate-sdk-types.ts).
 */
export interface PropKeys {
  /** The documented inputs. */
  inputs: readonly string[];
  /** Inputs stored as secrets (credentials, and inputs that may hold one). */
  secretInputs: readonly string[];
  /** Output-only keys: declared (as undefined) so that the engine registers them (DESIGN.md). */
  outputs: readonly string[];
  /**
   * Outputs kept secret in state (`additionalSecretOutputs`): the token value, and the secret
   * inputs the provider stores with it.
   */
  secretOutputs: readonly string[];
}

/**
 * The props a resource class passes to `super()`: every key the caller gave, not only the
 * documented ones, so that the provider's check sees a misspelled input (`stauts`, `expiresat`)
 * and fails naming it instead of the key vanishing silently. A key that is not a documented input
 * travels as a secret: check reports it by name, and the engine prints the value of a property
 * whose check failed, which for a misspelled credential would be the credential.
 *
 * `hidden` holds what the class adds itself (`__createKey`, `autonamePrefix`); the caller cannot
 * override it. Keys starting with `__` are reserved for these (the provider drops them before
 * validation), so a caller's own `__` key would vanish: it fails here instead.
 */
export function resourceProps(
  kind: string,
  name: string,
  args: object | undefined,
  keys: PropKeys,
  hidden: Record<string, unknown> = {},
): pulumi.Inputs {
  const props: pulumi.Inputs = {};
  for (const key of [...keys.inputs, ...keys.outputs]) props[key] = undefined;
  const documented = new Set(keys.inputs);
  const secret = new Set(keys.secretInputs);
  for (const [key, value] of Object.entries(args ?? {})) {
    if (key.startsWith("__")) {
      throw new Error(
        `${kind} "${name}": the input "${key}" is not accepted: names starting with "__" are reserved for the provider`,
      );
    }
    if (value === undefined) continue;
    props[key] = secret.has(key) || !documented.has(key) ? pulumi.secret(value) : value;
  }
  return { ...props, ...hidden };
}
