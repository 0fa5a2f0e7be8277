/**
 * The shape every InfluxDB v2 test server takes, whether it is our emulator or a real
 * `influxd` built from source. Contract and provider tests take a
 * `V2ServerFactory` so the same suite runs, unchanged, against both.
 */
export interface V2TestServer {
  /** Which server this is; used only to name tests and to select documented differences. */
  kind: "emulator" | "influxd";
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 (v2 API under /api/v2). */
  url: string;
  /** Operator token of the onboarded instance (all permissions except `instance`). */
  token: string;
  org: { id: string; name: string };
  user: { id: string; name: string };
  /** Bucket name -> ID; holds at least `telemetry` and `logs`. */
  buckets: Record<string, string>;
  /** What GET/list/PATCH answer in `token` (behaviour A.3). */
  tokenVisibility: "plain" | "hashed" | "redacted";
  stop(): Promise<void>;
}

export interface V2ServerOptions {
  /** plain: OSS <= 2.8 behaviour; hashed: OSS 2.9+ default; redacted: Cloud (emulator only). */
  tokenVisibility?: "plain" | "hashed" | "redacted";
}

export type V2ServerFactory = (options?: V2ServerOptions) => Promise<V2TestServer>;
