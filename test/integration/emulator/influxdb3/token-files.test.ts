import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";

/**
 * The emulator CLI's `--admin-token-file` / `--permission-tokens-file`, read as `influxdb3 serve`
 * reads them (behaviour D.11): a file that is not 0600 gets a warning; bad JSON or a token without
 * `apiv3_` aborts the start; Enterprise only for the permission tokens file.
 */
const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");
const dir = mkdtempSync(path.join(tmpdir(), "emulator-token-files-"));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = `apiv3_${"A".repeat(86)}`;
const WRITER = `apiv3_${"B".repeat(86)}`;

function file(name: string, content: string, mode = 0o600): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  chmodSync(target, mode);
  return target;
}

type Run = { url?: string; code?: number | null; out: string; err: string };

function start(args: string[]): Promise<Run> {
  const child = spawn(tsNode, ["--transpile-only", "emulator/influxdb3/cli.ts", "--quiet", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve) => {
    const run: Run = { out: "", err: "" };
    child.stderr?.on("data", (chunk: Buffer) => {
      run.err += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      run.out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out);
      if (match) resolve({ ...run, url: match[1] as string });
    });
    child.once("exit", (code) => resolve({ ...run, code }));
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("emulator:influxdb3 CLI token files", () => {
  it("loads the admin token file (0600: no warning); the token authenticates; a named one leaves `_admin` to whoever bootstraps it", async () => {
    const admin = file("admin.json", JSON.stringify({ token: TOKEN, name: "ops" }));
    const run = await start(["--admin-token-file", admin]);
    expect(run.url).toBeDefined();
    expect(run.err).not.toMatch(/warning/);
    const query = await fetch(
      `${run.url}/api/v3/query_sql?db=_internal&q=SELECT%20*%20FROM%20system.tokens`,
      {
        headers: bearer(TOKEN),
      },
    );
    expect(query.status).toBe(200);
    expect(((await query.json()) as Array<{ name: string }>).map((row) => row.name)).toEqual(["ops"]);
    expect((await fetch(`${run.url}/api/v3/configure/token/admin`, { method: "POST" })).status).toBe(201);
  });

  it("INFLUXDB3_ADMIN_TOKEN_FILE works like the flag; a file that is not 0600 only warns", async () => {
    const admin = file("loose.json", JSON.stringify({ token: TOKEN, name: "_admin" }), 0o644);
    const child = spawn(tsNode, ["--transpile-only", "emulator/influxdb3/cli.ts", "--quiet"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, INFLUXDB3_ADMIN_TOKEN_FILE: admin },
    });
    children.push(child);
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1] as string);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
    });
    expect(err).toMatch(/mode 0644; it should be 0600/);
    // `_admin` came from the file: the unauthenticated bootstrap now answers 409.
    expect((await fetch(`${url}/api/v3/configure/token/admin`, { method: "POST" })).status).toBe(409);
    expect((await fetch(`${url}/ping`, { headers: bearer(TOKEN) })).status).toBe(200);
  });

  it("bad JSON, or a token without apiv3_, aborts the start without printing the file", async () => {
    const broken = await start(["--admin-token-file", file("bad.json", `{"token": "${TOKEN}"`)]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/not valid JSON; the server does not start/);
    expect(broken.err).not.toContain(TOKEN);
    const prefix = await start(["--admin-token-file", file("prefix.json", '{"token":"secret","name":"x"}')]);
    expect(prefix.code).toBe(2);
    expect(prefix.err).toMatch(/does not start with apiv3_/);
    expect(prefix.err).not.toContain("secret");
  });

  it("Enterprise --permission-tokens-file: create_databases, then the tokens; refused on Core", async () => {
    const tokens = file(
      "perm.json",
      JSON.stringify({
        create_databases: ["sensors"],
        tokens: [{ token: WRITER, name: "telegraf", permissions: ["db:sensors:write"] }],
      }),
    );
    const admin = file("admin2.json", JSON.stringify({ token: TOKEN, name: "_admin" }));
    const run = await start([
      "--edition",
      "enterprise",
      "--admin-token-file",
      admin,
      "--permission-tokens-file",
      tokens,
    ]);
    expect(run.url).toBeDefined();
    const write = await fetch(`${run.url}/api/v3/configure/token/named_admin`, {
      method: "POST",
      headers: { ...bearer(WRITER), "content-type": "application/json" },
      body: JSON.stringify({ token_name: "x" }),
    });
    expect(write.status).toBe(403);
    const core = await start(["--permission-tokens-file", tokens]);
    expect(core.code).toBe(2);
    expect(core.err).toMatch(/Enterprise only/);
  });

  it("a permission naming a database that does not exist aborts the start", async () => {
    const tokens = file(
      "unknown-db.json",
      JSON.stringify({ tokens: [{ token: WRITER, name: "t", permissions: ["db:nowhere:read"] }] }),
    );
    const run = await start(["--edition", "enterprise", "--permission-tokens-file", tokens]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/invalid resource name nowhere/);
  });
});
