import type * as dynamic from "@pulumi/pulumi/dynamic";

/** Where the hook instances live in `pulumi-influxdb-tokens/registry` (../registry.ts): `hooks` or `influxdb3Hooks`. */
export type HookGroup = "hooks" | "influxdb3Hooks";

/**
 * A dynamic provider whose methods each look the installed package's hooks up when called:
 * `require("pulumi-influxdb-tokens/registry")[group][kind].<method>`. Each module of this folder
 * exports one (see ./authorization.ts for why a module each). Captured values are two strings
 * and `require`, so even serialized by value (run from sources, not node_modules) the provider
 * holds no credential, zod schema or undici Agent.
 */
export function delegatingProvider(group: HookGroup, kind: string): dynamic.ResourceProvider {
  const hooks = () => require("pulumi-influxdb-tokens/registry")[group];
  return {
    configure: (req) => hooks().configure(req),
    check: (olds, news) => hooks()[kind].check(olds, news),
    diff: (id, olds, news) => hooks()[kind].diff(id, olds, news),
    create: (inputs) => hooks()[kind].create(inputs),
    read: (id, props) => hooks()[kind].read(id, props),
    update: (id, olds, news) => hooks()[kind].update(id, olds, news),
    delete: (id, props) => hooks()[kind].delete(id, props),
  };
}
