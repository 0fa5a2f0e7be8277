/**
 * The floor: a dynamic provider that does nothing (no HTTP, no validation) but plans the same
 * changes as ours (a permission change replaces, create-before-delete; status or description
 * updates), so the engine does the same work for both stacks. The functions are closure-serialized
 * into state like any dynamic provider, so they use no module-level value.
 */
import * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

export const baselineProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds: Props, news: Props) => ({ inputs: news }),
  diff: async (_id: string, olds: Props, news: Props) => {
    const replaces =
      JSON.stringify(olds.permissions) === JSON.stringify(news.permissions) ? [] : ["permissions"];
    const changes =
      replaces.length > 0 || olds.status !== news.status || olds.description !== news.description;
    return { changes, replaces, deleteBeforeReplace: false };
  },
  create: async (inputs: Props) => ({
    id: `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`,
    outs: inputs,
  }),
  read: async (id: string, props: Props) => ({ id, props }),
  update: async (_id: string, _olds: Props, news: Props) => ({ outs: news }),
  delete: async () => {},
};

export interface BaselineArgs {
  description: pulumi.Input<string>;
  status?: pulumi.Input<string>;
  permissions: pulumi.Input<unknown[]>;
}

export class BaselineToken extends pulumi.dynamic.Resource {
  constructor(name: string, args: BaselineArgs, opts?: pulumi.CustomResourceOptions) {
    super(baselineProvider, name, { ...args }, opts, "bench", "BaselineToken");
  }
}

/**
 * The same do-nothing provider, but its outputs have the shape of an `Authorization`'s (ids, names,
 * granted permissions, timestamps, a secret token): how much of a step is the engine carrying
 * those outputs, whoever the provider is (bench/output-shape.ts).
 */
export const shapedBaselineProvider: pulumi.dynamic.ResourceProvider = {
  ...baselineProvider,
  create: async (inputs: Props) => {
    const hex = () =>
      Array.from({ length: 16 }, () => "0123456789abcdef"[Math.floor(Math.random() * 16)]).join("");
    const now = new Date().toISOString();
    const permissions = (inputs.permissions as { action: string; resource: Record<string, string> }[]) ?? [];
    return {
      id: hex(),
      outs: {
        ...inputs,
        orgId: "0123456789abcdef",
        org: "bench-org",
        userId: "0123456789abcdee",
        user: "bench-user",
        grantedPermissions: permissions.map((p) => ({
          action: p.action,
          resource: { ...p.resource, id: hex(), orgId: "0123456789abcdef", org: "bench-org" },
        })),
        token: `${hex()}${hex()}${hex()}${hex()}${hex()}`,
        createdAt: now,
        updatedAt: now,
        adopted: false,
        tokenKnown: true,
      },
    };
  },
};

export class ShapedBaselineToken extends pulumi.dynamic.Resource {
  constructor(name: string, args: BaselineArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shapedBaselineProvider,
      name,
      { ...args, token: undefined },
      { ...opts, additionalSecretOutputs: ["token"] },
      "bench",
      "ShapedBaselineToken",
    );
  }
}
