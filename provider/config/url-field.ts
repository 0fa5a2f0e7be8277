import { z } from "zod";
import { apiPrefixReason, urlProblem, urlReason } from "./url-rules";

export { apiPrefixReason, credentialIn, type UrlProblem, urlProblem, urlReason } from "./url-rules";

/**
 * A server URL input (`connection.url`, `waitForActivation.url`), checked at `preview` like the
 * stack setting is at call time (./connection.ts): http(s), no user info. Every URL input lives
 * in a secret input, so no message repeats the value or any part of it
 * (docs/behaviour/input-rules.md). `fix`: what to do with user info, e.g. `credentialIn(...)`;
 * `apiPrefix`: the path the client adds (`/api/v0`), refused at the end of the base URL.
 */
export function httpUrlField(
  credential: string,
  example = "https://influxdb.example.com:8086",
  apiPrefix?: string,
) {
  return z.string().superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: urlReason(problem, credential, example) });
      return;
    }
    const prefixed = apiPrefix === undefined ? undefined : apiPrefixReason(value, apiPrefix, example);
    if (prefixed !== undefined) ctx.addIssue({ code: "custom", message: prefixed });
  });
}
