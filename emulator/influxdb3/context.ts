import type { IncomingMessage } from "node:http";
import type { StoredToken, TokenStore } from "./token-store";

export type Edition = "core" | "enterprise";

/** Everything a route handler needs about one request and the server it runs on. */
export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  /** The decoded request body (Content-Encoding applied); throws BodyError for a bad encoding. */
  body(): Promise<string>;
  /** The authenticated token, or undefined when the route needs none or the server runs without auth. */
  caller: StoredToken | undefined;
  store: TokenStore;
  edition: Edition;
  withoutAuth: boolean;
  reproduceIssue27620: boolean;
  version: string;
  processId: string;
}
