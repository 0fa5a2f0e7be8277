import { randomBytes } from "node:crypto";

/**
 * A source of random bytes. With a seed it is a deterministic PRNG (sfc32), so a seeded
 * emulator hands out the same IDs, tokens and fault decisions on every run; without one it
 * uses the OS CSPRNG, like the real servers.
 */
export interface RandomSource {
  bytes(n: number): Buffer;
  /** A float in [0, 1). */
  next(): number;
}

export function cryptoRandom(): RandomSource {
  return {
    bytes: (n) => randomBytes(n),
    next: () => randomBytes(4).readUInt32BE(0) / 0x1_0000_0000,
  };
}

/** sfc32 seeded through splitmix32: small, fast and good enough for test data (not for secrets). */
export function seededRandom(seed: number): RandomSource {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  return {
    bytes(n) {
      const out = Buffer.alloc(n);
      for (let i = 0; i < n; i += 4) {
        const v = u32();
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (j * 8)) & 0xff;
      }
      return out;
    },
    next: () => u32() / 0x1_0000_0000,
  };
}

export function randomSource(seed: number | undefined, stream = 0): RandomSource {
  return seed === undefined ? cryptoRandom() : seededRandom((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
}

/** InfluxDB v2 token: 64 random bytes as URL-safe base64 with padding = 88 chars (behaviour A.3). */
export function v2Token(rng: RandomSource): string {
  return rng.bytes(64).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** Management API access token: `apiv1_` + 64 URL-safe chars, as the spec example (behaviour B.2). */
export function databaseAccessToken(rng: RandomSource): string {
  return "apiv1_" + rng.bytes(48).toString("base64url");
}

/** Random UUIDv4 from the source (so seeded runs are reproducible). */
export function uuidV4(rng: RandomSource): string {
  const b = rng.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
