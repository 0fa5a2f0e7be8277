/**
 * A look-up argument that names something the server does not have (an unknown user or org
 * name, a malformed ID). Carries the argument's name, like the providers' input failures.
 */
export class LookupArgumentError extends Error {
  override readonly name = "LookupArgumentError";
  constructor(
    readonly property: string,
    reason: string,
  ) {
    super(`${property}: ${reason}`);
  }
}
