import type { IncomingMessage } from "node:http";
import type { StoredToken, TokenStore } from "./token-store";

/**
 * Which server to emulate. `cloud` is InfluxDB 3 Cloud: a managed Enterprise that serves only some of
 * the token routes (behaviour D.15); every rule it keeps is Enterprise's.
 */
export type Edition = "core" | "enterprise" | "cloud";

/** The rules a handler applies: Core's, or Enterprise's (which Cloud runs). */
export type Rules = "core" | "enterprise";

export const rulesOf = (edition: Edition): Rules => (edition === "core" ? "core" : "enterprise");

/** Everything a route handler needs about one request and the server it runs on. */
export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  /** The decoded request body (Content-Encoding applied); throws BodyError for a bad encoding. */
  body(): Promise<string>;
  /** The authenticated token, or undefined when the route needs none or the server runs without auth. */
  caller: StoredToken | undefined;
  store: TokenStore;
  /** Core or Enterprise rules (`cloud` runs Enterprise's); the routes differ, see server.ts routesFor. */
  edition: Rules;
  withoutAuth: boolean;
  reproduceIssue27620: boolean;
  version: string;
  processId: string;
}
