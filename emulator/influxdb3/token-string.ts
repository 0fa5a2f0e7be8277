import { createHash, createHmac, randomBytes } from "node:crypto";

/** Prefix of every token the server generates (behaviour D.4). */
export const TOKEN_PREFIX = "apiv3_";

/** SHA-512 hex of the whole token string, prefix included: the only form the server stores (behaviour D.4). */
export function hashToken(token: string | Buffer): string {
  return createHash("sha512").update(token).digest("hex");
}

/**
 * Source of the 64 random bytes behind each token (behaviour D.4: `apiv3_` + base64url(64 bytes) = 92 chars).
 * With a seed the sequence is reproducible (HMAC-SHA512 in counter mode), so tests can replay a run;
 * without one it is `crypto.randomBytes`, like the server's `OsRng`.
 */
export function tokenGenerator(seed?: number): () => string {
  let counter = 0;
  return () => {
    const bytes =
      seed === undefined
        ? randomBytes(64)
        : createHmac("sha512", `influxdb3-emulator-seed-${seed}`).update(String(counter++)).digest();
    return TOKEN_PREFIX + bytes.toString("base64url");
  };
}
