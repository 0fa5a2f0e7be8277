/**
 * @grpc/grpc-js as @pulumi/pulumi loads it: the generated service definitions in
 * `@pulumi/pulumi/proto` were made for that copy, which is a dependency of @pulumi/pulumi (not of
 * this package), so it is resolved from there.
 */
import type * as grpcTypes from "@grpc/grpc-js";

let grpc: typeof grpcTypes | undefined;

export function grpcModule(): typeof grpcTypes {
  grpc ??= require(
    require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }),
  ) as typeof grpcTypes;
  return grpc;
}
