import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** The `emulator:influxdb3` CLI: prints its URL, serves the chosen edition, stops on SIGTERM. */
const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");
const tsNode = path.join(repoRoot, "node_modules", ".bin", "ts-node");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(tsNode, ["--transpile-only", "emulator/influxdb3/cli.ts", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1] as string });
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe("emulator:influxdb3 CLI", () => {
  it("starts an Enterprise server with a database, and stops on SIGTERM", async () => {
    const { child, url } = await start(["--edition", "enterprise", "--database", "sensors", "--quiet"]);
    const bootstrap = await fetch(`${url}/api/v3/configure/token/admin`, { method: "POST" });
    const { token } = (await bootstrap.json()) as { token: string };
    const ping = await fetch(`${url}/ping`, { headers: { authorization: `Bearer ${token}` } });
    expect(ping.headers.get("x-influxdb-build")).toBe("Enterprise");
    const writer = await fetch(`${url}/api/v3/enterprise/configure/token`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        token_name: "w",
        permissions: [{ resource_type: "db", resource_names: ["sensors"], actions: ["write"] }],
      }),
    });
    expect(writer.status).toBe(201);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("--without-auth answers 405 on the token routes", async () => {
    const { url } = await start(["--without-auth", "--quiet"]);
    const answer = await fetch(`${url}/api/v3/configure/token/admin`, { method: "POST" });
    expect(answer.status).toBe(405);
  });

  it("--help prints the options and exits", async () => {
    const child = spawn(tsNode, ["--transpile-only", "emulator/influxdb3/cli.ts", "--help"], {
      cwd: repoRoot,
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(out).toContain("--reproduce-27620");
  });
});
