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
