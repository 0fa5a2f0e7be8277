import { V2Error } from "./errors";

/**
 * InfluxDB v2 IDs: 16 hex characters, a non-zero uint64 (behaviour A.1; `kit/platform/id.go`).
 * The length is counted in bytes and Go's ParseUint(…, 16) accepts upper-case hex, so we do too and
 * normalise to lower case (what the server prints back).
 */
export function parseId(s: string): string {
  if (Buffer.byteLength(s, "utf8") !== 16) throw new V2Error("invalid", "id must have a length of 16 bytes");
  if (!/^[0-9a-fA-F]{16}$/.test(s) || /^0{16}$/.test(s)) throw new V2Error("invalid", "invalid ID");
  return s.toLowerCase();
}
