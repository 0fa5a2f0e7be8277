/** Raised when a connection setting is missing or malformed; the message says how to set it. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}
