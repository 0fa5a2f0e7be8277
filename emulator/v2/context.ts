import type { Store } from "../store";

export type TokenVisibility = "plain" | "hashed" | "redacted";

/**
 * The literal Cloud/Serverless answer in `token` after creation. Their specs say "returns
 * `token: redacted`" (behaviour A.3); the exact casing is not public, so we use the spec's word.
 */
export const REDACTED_TOKEN = "redacted";

export interface V2Deps {
  store: Store;
  visibility: TokenVisibility;
  now(): string;
}
