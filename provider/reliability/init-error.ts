/**
 * The error a dynamic provider throws when the resource exists but a later step failed: the
 * dynamic-provider host (node_modules/@pulumi/pulumi/cmd/dynamic-provider, `grpcResponseFromError`)
 * sees `id` and sends `ErrorResourceInitFailed` with `properties`, so the engine records the
 * resource with its ID and outputs and marks it failed. The next `pulumi up` updates it (the
 * engine always updates a resource with init errors) instead of creating another one.
 *
 * `properties` must carry the serialized provider (`__provider`): the host adds it to normal
 * results itself, but sends these as given, and without it the next operation could not run.
 */
export class ResourceInitError extends Error {
  override readonly name = "ResourceInitError";
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}
