/**
 * scripts/demo.ts: its command line (`--port N` and `--help` on their own), the port fallback
 * when the default port is taken, and the command line `npm run pulumi -- ...` runs.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../../emulator";
import {
  DEFAULT_PORT,
  DemoUsageError,
  demoDir,
  lookAtTheStack,
  parseDemoArgs,
  passphraseFile,
  pulumiInvocation,
  startDemoEmulator,
} from "../../../scripts/demo";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const tsNode = require.resolve("ts-node/dist/bin.js");

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** A server holding a free port of 127.0.0.1, as another program would. */
async function occupyPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

function track(emulator: Emulator): Emulator {
  cleanup.push(() => emulator.close());
  return emulator;
}

function runDemo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsNode, "--transpile-only", "scripts/demo.ts", ...args], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
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

describe("demo command line", () => {
  it("takes --port N on its own, before or after the command, and --port=N", () => {
    expect(parseDemoArgs(["--port", "18087"])).toEqual({ mode: "demo", command: "up", port: 18087 });
    expect(parseDemoArgs(["--port", "18087", "preview"])).toEqual({
      mode: "demo",
      command: "preview",
      port: 18087,
    });
    expect(parseDemoArgs(["destroy", "--port=0"])).toEqual({ mode: "demo", command: "destroy", port: 0 });
    expect(parseDemoArgs([])).toEqual({ mode: "demo", command: "up" });
  });

  it("--help (or -h) wins over everything else", () => {
    expect(parseDemoArgs(["--help"])).toEqual({ mode: "help" });
    expect(parseDemoArgs(["up", "--port", "1", "-h"])).toEqual({ mode: "help" });
  });

  it("says what is wrong with a bad port or an unknown argument", () => {
    expect(() => parseDemoArgs(["--port", "abc"])).toThrow(
      new DemoUsageError('--port takes a port number 0-65535 (0: any free port), got "abc"'),
    );
    expect(() => parseDemoArgs(["--port"])).toThrow(/got nothing/);
    expect(() => parseDemoArgs(["--port", "70000"])).toThrow(/0-65535/);
    expect(() => parseDemoArgs(["upp"])).toThrow('unknown argument "upp"');
    expect(() => parseDemoArgs(["up", "destroy"])).toThrow('give one command, not "up" and "destroy"');
  });

  it("`pulumi ...` passes every later argument through untouched", () => {
    expect(parseDemoArgs(["pulumi", "stack", "output", "--show-secrets", "--port", "x", "--help"])).toEqual({
      mode: "pulumi",
      args: ["stack", "output", "--show-secrets", "--port", "x", "--help"],
    });
  });

  it("npm run demo -- --help prints the usage and exits 0 without building anything", async () => {
    const { code, stdout, stderr } = await runDemo(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: npm run demo [-- up|preview|destroy] [--port N]");
    expect(stdout).toContain("npm run pulumi -- stack output --show-secrets");
    expect(stdout).not.toContain("==>");
    expect(stderr).not.toContain("setup-pulumi");
  });

  it("a bad argument exits 2 with the reason and the usage", async () => {
    const { code, stdout, stderr } = await runDemo(["--port", "18087", "--verbose"]);
    expect(code).toBe(2);
    expect(stderr).toContain('demo: unknown argument "--verbose"');
    expect(stderr).toContain("Usage: npm run demo");
    expect(stdout).not.toContain("==>");
  });
});

describe("demo emulator port", () => {
  it("uses a free port when the default one is taken, and says which", async () => {
    const taken = await occupyPort();
    const said: string[] = [];
    const emulator = track(await startDemoEmulator({ defaultPort: taken }, (line) => said.push(line)));
    const port = Number(new URL(emulator.url).port);
    expect(port).not.toBe(taken);
    expect(port).toBeGreaterThan(0);
    expect(said).toEqual([
      `port ${taken} is in use by another program: the emulator uses the free port ${port} instead (choose one with --port N)`,
    ]);
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
  });

  it("uses the default port when it is free, silently", async () => {
    const free = await occupyPort();
    await cleanup.pop()?.(); // released: free now
    const said: string[] = [];
    const emulator = track(await startDemoEmulator({ defaultPort: free }, (line) => said.push(line)));
    expect(emulator.url).toBe(`http://127.0.0.1:${free}`);
    expect(said).toEqual([]);
  });

  it("a --port that is taken is an error naming the flag, not a silent change", async () => {
    const taken = await occupyPort();
    await expect(startDemoEmulator({ port: taken, defaultPort: taken })).rejects.toThrow(
      `port ${taken} on 127.0.0.1 is in use by another program: pick another with --port N, or leave --port out`,
    );
  });

  it("defaults to 18086", () => {
    expect(DEFAULT_PORT).toBe(18086);
  });
});

describe("npm run pulumi", () => {
  const bin = "/cache/pulumi-v3.274.1-abc/bin";

  it("is the package's `pulumi` script", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(pkg.scripts.pulumi).toBe("ts-node --transpile-only scripts/demo.ts pulumi");
  });

  it("runs the built CLI with the demo's backend and passphrase file, arguments as given", () => {
    const run = pulumiInvocation(bin, ["stack", "output", "--show-secrets"], {
      PATH: "/usr/bin",
      HOME: "/home/u",
      PULUMI_CONFIG_PASSPHRASE: "from-the-users-shell",
    });
    expect(run.file).toBe(`${bin}/pulumi`);
    expect(run.args).toEqual(["stack", "output", "--show-secrets"]);
    expect(run.cwd).toBe(repoRoot);
    expect(run.env.PULUMI_BACKEND_URL).toBe(`file://${path.join(repoRoot, ".demo", "state")}`);
    expect(run.env.PULUMI_CONFIG_PASSPHRASE_FILE).toBe(path.join(repoRoot, ".demo", "passphrase"));
    expect(passphraseFile).toBe(path.join(demoDir, "passphrase"));
    // A passphrase variable would win over the file and not open the demo's state.
    expect(run.env).not.toHaveProperty("PULUMI_CONFIG_PASSPHRASE");
    expect(run.env.PATH?.split(path.delimiter)).toEqual([bin, path.dirname(process.execPath), "/usr/bin"]);
    expect(run.env.HOME).toBe("/home/u");
    expect(run.env.PULUMI_SKIP_UPDATE_CHECK).toBe("true");
  });

  it("the demo's closing lines are the commands to run, with paths and no passphrase", () => {
    const text = lookAtTheStack(bin);
    expect(text).toContain("npm run pulumi -- stack output --show-secrets");
    expect(text).toContain(`export PATH=${bin}:$PATH`);
    expect(text).toContain(`export PULUMI_BACKEND_URL=file://${path.join(repoRoot, ".demo", "state")}`);
    expect(text).toContain(
      `export PULUMI_CONFIG_PASSPHRASE_FILE=${path.join(repoRoot, ".demo", "passphrase")}`,
    );
    expect(text).toContain(`pulumi stack output --show-secrets --cwd ${repoRoot}`);
    expect(text).not.toMatch(/PULUMI_CONFIG_PASSPHRASE=/);
  });
});
