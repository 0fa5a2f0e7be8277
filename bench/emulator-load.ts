/**
 * Load benchmark for the emulator: requests/s and latency percentiles at 50 concurrent
 * clients, to show it never becomes the bottleneck of a 1,000-token stack. Loopback only; each
 * phase is bounded by a request count and a time limit. Run: `npm run bench:emulator`.
 */
import { Agent, request } from "node:http";
import { startEmulator } from "../emulator";

const CONCURRENCY = 50;
const PHASE_TIME_LIMIT_MS = 20_000;

interface PhaseResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: 1 });
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { hostname, port } = new URL(emulator.url);
  if (hostname !== "127.0.0.1") throw new Error("benchmark must run on loopback");
  const orgID = emulator.seed.org.id;
  const body = (i: number) =>
    JSON.stringify({
      orgID,
      description: `bench ${i}`,
      permissions: [
        { action: "write", resource: { type: "buckets", id: emulator.seed.buckets["telemetry"], orgID } },
      ],
    });

  const send = (method: string, path: string, payload?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: hostname,
          port,
          method,
          path,
          headers: { Authorization: `Token ${emulator.token}`, "Content-Type": "application/json" },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on("error", reject);
      req.end(payload);
    });

  const ids: string[] = [];
  async function phase(
    name: string,
    total: number,
    op: (i: number) => Promise<boolean>,
  ): Promise<PhaseResult> {
    const latencies: number[] = [];
    let next = 0;
    let errors = 0;
    const start = performance.now();
    const worker = async () => {
      while (next < total && performance.now() - start < PHASE_TIME_LIMIT_MS) {
        const i = next++;
        const t0 = performance.now();
        const ok = await op(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return {
      name,
      requests: latencies.length,
      errors,
      seconds: (performance.now() - start) / 1000,
      latencies,
    };
  }

  // Warm-up (not reported): lets V8 optimise the hot paths so the table shows steady state.
  await phase(
    "warm-up",
    300,
    async (i) => (await send("POST", "/api/v2/authorizations", body(i))).status === 201,
  );

  const results: PhaseResult[] = [];
  results.push(
    await phase("POST /api/v2/authorizations", 2_000, async (i) => {
      const r = await send("POST", "/api/v2/authorizations", body(i));
      if (r.status !== 201) return false;
      ids.push((JSON.parse(r.body) as { id: string }).id);
      return true;
    }),
  );
  results.push(
    await phase("GET /api/v2/authorizations/{id}", 10_000, async (i) => {
      const r = await send("GET", `/api/v2/authorizations/${ids[i % ids.length]}`);
      return r.status === 200;
    }),
  );
  results.push(
    await phase(
      `GET /api/v2/authorizations (list of ${emulator.state().counts.authorizations})`,
      200,
      async () => {
        const r = await send("GET", "/api/v2/authorizations");
        return r.status === 200;
      },
    ),
  );
  results.push(
    await phase("POST /api/v0/tokens", 2_000, async (i) => {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            agent,
            host: hostname,
            port,
            method: "POST",
            path: "/api/v0/tokens",
            headers: {
              Authorization: `Bearer ${emulator.managementToken}`,
              "Content-Type": "application/json",
            },
          },
          (r) => {
            r.resume();
            r.on("end", () => resolve(r.statusCode ?? 0));
          },
        );
        req.on("error", reject);
        req.end(
          JSON.stringify({ description: `bench ${i}`, permissions: [{ action: "write", resource: "db" }] }),
        );
      });
      return res === 200;
    }),
  );

  agent.destroy();
  await emulator.close();

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
  };
  const rows = results.map((r) => [
    r.name,
    String(r.requests),
    String(r.errors),
    (r.requests / r.seconds).toFixed(0),
    pct(r.latencies, 50).toFixed(1),
    pct(r.latencies, 99).toFixed(1),
  ]);
  const header = ["operation", "requests", "errors", "req/s", "p50 ms", "p99 ms"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`emulator load: ${CONCURRENCY} concurrent clients, node ${process.version}, loopback`);
  console.log(fmt(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(fmt(r));
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
