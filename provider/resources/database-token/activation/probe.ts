import { resolveTransport } from "../../../config";
import { InfluxApiError, type RequestFn, request } from "../../../http";

/** What one probe learned: the cluster accepts the token, not yet (401), or it could not tell. */
export type ProbeResult = "active" | "inactive" | { unclear: string };

/**
 * One write request with the new token and an empty body: nothing is written, but the cluster
 * authenticates the token first. 401 = not synchronized yet (behaviour B.4); any other answer
 * from the server means it knows the token (204/400 = accepted, 403 = authenticated but the token
 * may not write this database, 404 = authenticated, no such database). 5xx, 429 and network
 * errors say nothing: keep waiting.
 */
export async function probeToken(
  url: string,
  database: string,
  accessToken: string,
  send: RequestFn = request,
): Promise<ProbeResult> {
  try {
    await send({
      method: "POST",
      baseUrl: url,
      path: "/api/v2/write",
      query: { bucket: database, precision: "s" },
      authorization: `Token ${accessToken}`,
      // The cluster's data API is trusted like every other server (influxdb:caCert, skipTlsVerify).
      tls: resolveTransport("").tls,
      secrets: [accessToken],
      timeouts: { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 },
    });
    return "active";
  } catch (error) {
    if (!(error instanceof InfluxApiError)) throw error;
    if (error.status === 401) return "inactive";
    if (error.status !== undefined && error.status < 500 && error.status !== 429) return "active";
    return { unclear: error.status === undefined ? "no answer" : `HTTP ${error.status}` };
  }
}
