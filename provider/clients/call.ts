import type { Transport } from "../config/transport";
import {
  type HttpResponse,
  type RequestFn,
  type RequestOptions,
  request,
  setInsecureTlsWarner,
  withRetry,
} from "../http";
import { log } from "../shared/log";

/**
 * The one way the API clients send a request: it adds what every request of a connection shares
 * (the credential header, the TLS trust, the retry budget, the credential's setting name, the
 * secrets to redact), so no client can forget one of them. Timeouts are the transport's defaults
 * (../http/request.ts) unless a request sets its own. What is retried stays the retry wrapper's rule
 * (../http/retry.ts): idempotent requests on a network error or 429/502/503/504, a POST only when
 * the server answered 429 or 503 and so did not process it; the exactly-once create relies on it.
 */

/** The server a client talks to, and how; one per client instance. */
export interface CallTarget {
  /** Base URL every request path is appended to: already validated, no trailing slash. */
  readonly url: string;
  /**
   * The Authorization scheme: `Token` for the v2 API (OSS 2, Cloud 2, Cloud Serverless), `Bearer`
   * for the management API (Clustered, Cloud Dedicated) and for InfluxDB 3 Core/Enterprise.
   */
  readonly scheme: "Token" | "Bearer";
  /**
   * The connection's credential: sent by every request that names no other one, and redacted from
   * every error either way. Absent when the connection has none (the operator-token bootstrap).
   */
  readonly token?: string;
  /**
   * Retry budget, TLS trust and the name of the credential's setting, as the provider settings
   * resolved them (../config/transport.ts). Absent (a connection built by hand, as tests do): the
   * retry wrapper's and Node's defaults.
   */
  readonly transport?: Transport;
}

/** What one request says; everything else comes from its CallTarget. */
export interface CallOptions extends Pick<RequestOptions, "method" | "path" | "query" | "body" | "timeouts"> {
  /**
   * The credential to send instead of the target's token (an InfluxDB 3 resource acts with
   * several: the operator token regenerates with its own value). `null` sends none at all: the
   * operator-token bootstrap is unauthenticated and must not receive a token meant elsewhere.
   */
  readonly credential?: string | null;
  /** Further values to redact from any error, besides the credential sent and the target's token. */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

/** Sends one request of a client; resolves for 2xx, throws InfluxApiError otherwise. */
export type Call = (options: CallOptions) => Promise<HttpResponse>;

/** One retry wrapper around the one transport for every client (tests pass their own `send`). */
const defaultSend: RequestFn = withRetry(request);
// The TLS-verification-off warning reaches `pulumi up` through the engine log, for every API.
setInsecureTlsWarner((message) => log.warn(message));

/** The Call of one client: `send` is the request function (default: the transport with retries). */
export function callFor(target: CallTarget, send: RequestFn = defaultSend): Call {
  const transport = target.transport;
  return ({ credential, secrets = [], ...options }) => {
    const sent = credential === null ? undefined : (credential ?? target.token);
    // The setting's name is true of the target's token only; any other credential stays unnamed.
    const credentialName =
      sent !== undefined && sent === target.token && transport?.credentialName
        ? transport.credentialName
        : undefined;
    return send({
      ...options,
      baseUrl: target.url,
      authorization: sent === undefined ? "" : `${target.scheme} ${sent}`,
      secrets: [target.token, sent, ...secrets],
      ...(transport === undefined ? {} : { retry: transport.retry, tls: transport.tls }),
      ...(credentialName === undefined ? {} : { credentialName }),
    });
  };
}
