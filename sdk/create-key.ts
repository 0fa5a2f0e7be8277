import * as pulumi from "@pulumi/pulumi";

/**
 * The resource's URN as the hidden input `__createKey`: the provider journals each create under
 * it, so that a run killed mid-create has its token deleted by the next run instead of orphaned
 * (provider/lifecycle/create/journal.ts). Dynamic providers are never told the URN, and a resource
 * cannot take its own `urn` output as an input, so it is computed the way the engine does.
 */
export function createKey(
  name: string,
  type: string,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Output<string> | undefined {
  // A get (`opts.id`) never creates. The type token is the one pulumi.dynamic.Resource registers.
  return opts?.id === undefined
    ? pulumi.createUrn(name, `pulumi-nodejs:dynamic/influxdb:${type}`, opts?.parent)
    : undefined;
}
