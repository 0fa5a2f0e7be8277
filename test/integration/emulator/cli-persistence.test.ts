import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../../emulator";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const tsNode = require.resolve("ts-node/dist/bin.js");
const dir = mkdtempSync(path.join(tmpdir(), "emulator-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Cli {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<number | null>;
}

/** Starts `emulator/cli.ts` the way `npm run emulator` does and waits for the listening line. */
function startCli(args: string[]): Promise<Cli> {
  const child = spawn(process.execPath, [tsNode, "--transpile-only", "emulator/cli.ts", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = "";
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m?.[1]) resolve({ child, url: m[1], lines, exited });
      }
    });
    exited.then((code) => reject(new Error(`emulator exited (${code}) before listening: ${stderr}`)));
  });
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsNode, "--transpile-only", "emulator/cli.ts", ...args], {
      cwd: repoRoot,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const TOKEN = "cli-operator-token";
describe("CLI", () => {
  it("--help lists every flag", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const flag of [
      "--host",
      "--port",
      "--token",
      "--management-token",
      "--token-visibility",
      "--data",
      "--activation-delay-ms",
      "--revoked-database-tokens",
      "--seed",
      "--latency-ms",
      "--fault-rate-429",
      "--fault-rate-503",
      "--retry-after-seconds",
      "--fault-reset-before",
      "--fault-reset-after",
      "--fault-methods",
      "--fault-paths",
      "--help",
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it("rejects a bad flag value with exit code 2 and a message naming the flag", async () => {
    const { code, stderr } = await runCli(["--token-visibility", "open"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--token-visibility must be one of plain, hashed, redacted");
  });

  it("--port 0 prints the seeded IDs, then exactly one listening line; SIGTERM stops it with exit 0", async () => {
    const cli = await startCli(["--port", "0", "--token", TOKEN, "--seed", "9"]);
    expect(cli.lines.filter((l) => l.startsWith("listening on ")).length).toBe(1);
    expect(cli.lines.at(-1)).toBe(`listening on ${cli.url}`);
    expect(cli.lines.join("\n")).toMatch(/org: my-org \([0-9a-f]{16}\)/);
    expect(cli.lines.join("\n")).toMatch(/bucket: telemetry \([0-9a-f]{16}\)/);
    const orgs = await fetch(`${cli.url}/api/v2/orgs`, { headers: { Authorization: `Token ${TOKEN}` } });
    expect(orgs.status).toBe(200);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  });

  it("--data: SIGTERM right after a write flushes it; a restart keeps the state and the IDs", async () => {
    const file = path.join(dir, "state.json");
    let cli = await startCli(["--port", "0", "--token", TOKEN, "--data", file]);
    const orgs = (await (
      await fetch(`${cli.url}/api/v2/orgs`, { headers: { Authorization: `Token ${TOKEN}` } })
    ).json()) as {
      orgs: { id: string }[];
    };
    const orgID = orgs.orgs[0]?.id as string;
    const res = await fetch(`${cli.url}/api/v2/authorizations`, {
      method: "POST",
      headers: { Authorization: `Token ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        orgID,
        description: "survives",
        permissions: [{ action: "read", resource: { type: "buckets", orgID } }],
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; token: string };
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    const saved = readFileSync(file, "utf8");
    expect(saved).toContain("survives");
    expect(saved).not.toContain(created.token);

    cli = await startCli(["--port", "0", "--token", TOKEN, "--data", file]);
    const get = await fetch(`${cli.url}/api/v2/authorizations/${created.id}`, {
      headers: { Authorization: `Token ${TOKEN}` },
    });
    expect(get.status).toBe(200);
    // The created token still authenticates after the restart (it is stored hashed).
    const asCreated = await fetch(`${cli.url}/api/v2/buckets`, {
      headers: { Authorization: `Token ${created.token}` },
    });
    expect(asCreated.status).toBe(200);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(0);
  });
});

describe("startEmulator dataFile", () => {
  it("close() flushes; a new emulator on the same file sees the tokens and the seeded IDs", async () => {
    const file = path.join(dir, "api.json");
    const a = await startEmulator({ dataFile: file, seed: 1 });
    const mg = await fetch(`${a.url}/api/v0/tokens`, {
      method: "POST",
      headers: { Authorization: `Bearer ${a.managementToken}` },
      body: JSON.stringify({ description: "kept", permissions: [{ action: "write", resource: "db" }] }),
    });
    const { accessToken } = (await mg.json()) as { accessToken: string };
    await a.close();
    const b = await startEmulator({ dataFile: file });
    expect(b.seed).toEqual(a.seed);
    expect(b.token).toBe(a.token);
    expect(b.state().databaseTokens.map((t) => t.description)).toEqual(["kept"]);
    const w = await fetch(`${b.url}/api/v2/write?bucket=db`, {
      method: "POST",
      headers: { Authorization: `Token ${accessToken}` },
      body: "m f=1",
    });
    expect(w.status).toBe(204);
    await b.close();
  });
});

describe("a bad --data file", () => {
  it("refuses to start with a message naming the file and the fix", async () => {
    const file = path.join(dir, "broken.json");
    writeFileSync(file, "{not json");
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(
      /broken\.json is not an emulator state file.*--data/,
    );
  });
});
