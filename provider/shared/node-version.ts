/**
 * The oldest Node.js the package runs on (package.json `engines`). Older ones fail deep inside
 * undici with errors like "Cannot read properties of undefined (reading 'bind')", which read as
 * network errors; the first hook call says what is wrong instead.
 */
export const MINIMUM_NODE = "22.19.0";

function parts(version: string): number[] {
  return version
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}

/** Why `version` cannot run the provider, or undefined when it can. */
export function unsupportedNode(version: string): string | undefined {
  const [major = 0, minor = 0, patch = 0] = parts(version);
  const [needMajor = 0, needMinor = 0, needPatch = 0] = parts(MINIMUM_NODE);
  const older =
    major !== needMajor ? major < needMajor : minor !== needMinor ? minor < needMinor : patch < needPatch;
  if (!older) return undefined;
  return (
    `Node.js ${version.replace(/^v/, "")} runs this Pulumi program, but pulumi-influxdb-tokens needs Node.js ` +
    `${MINIMUM_NODE} or newer. Install a newer Node.js (e.g. \`nvm install 22\`) and put it first on PATH, ` +
    "then run the command again."
  );
}

/** Throws the plain-words error above when the running Node.js is too old. */
export function requireSupportedNode(version: string = process.versions.node): void {
  const problem = unsupportedNode(version);
  if (problem !== undefined) throw new Error(problem);
}
