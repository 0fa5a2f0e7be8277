/**
 * scripts/prerequisites.sh: each missing or too old tool is named with what to install and
 * the version; the setup scripts run the checks before a build; and the check lines stay out of
 * the setup scripts' cache keys, so adding one rebuilds nothing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const script = path.join(repoRoot, "scripts", "prerequisites.sh");
const tmp = mkdtempSync(path.join(tmpdir(), "prerequisites-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const goNeeded = /^go (\S+)$/m.exec(
  readFileSync(path.join(repoRoot, "tools/pulumi/cli/go.mod"), "utf8"),
)?.[1];
/** A PATH with the shell tools the scripts use and none of the build tools. */
const bare = mkdtempSync(path.join(tmp, "bin-"));
for (const tool of ["bash", "sed", "sort", "head", "dirname", "cat", "sha256sum", "cut", "grep", "printf"]) {
  const found = execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
  if (found.startsWith("/")) symlinkSync(found, path.join(bare, tool));
}

function check(tools: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(
    path.join(bare, "bash"),
    ["-c", `source "${script}" && pit_require test-setup ${tools.join(" ")}`],
    {
      encoding: "utf8",
      env: { HOME: tmp, ...env },
    },
  );
}

/** A fake `go` answering `go env GOVERSION` / `go env GOTOOLCHAIN` and `go env CC`. */
function fakeGo(version: string, toolchain: string, cc = "gcc"): string {
  const dir = mkdtempSync(path.join(tmp, "go-"));
  writeFileSync(
    path.join(dir, "go"),
    `#!/bin/sh\ncase "$1 $2" in\n"env GOVERSION") echo go${version};;\n"env GOTOOLCHAIN") echo ${toolchain};;\n"env CC") echo ${cc};;\n*) exit 1;;\nesac\n`,
  );
  chmodSync(path.join(dir, "go"), 0o755);
  return dir;
}

describe("prerequisites.sh", () => {
  it("reads the Go version from tools/pulumi/cli/go.mod", () => {
    const out = execFileSync("bash", ["-c", `source "${script}" && pit_go_needed`], { encoding: "utf8" });
    expect(goNeeded).toMatch(/^1\.\d+/);
    expect(out.trim()).toBe(goNeeded);
  });

  it("no Go: says which version to install and where from", () => {
    const result = check(["go"], { PATH: bare });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("test-setup: ERROR: cannot build yet; install these first");
    expect(result.stderr).toContain(
      `Go >= ${goNeeded} is not installed (no 'go' on PATH): install it from https://go.dev/dl/`,
    );
  });

  it("a Go too old that may not switch toolchains: names both versions", () => {
    const result = check(["go"], { PATH: [fakeGo("1.22.1", "local"), bare].join(path.delimiter) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Go ${goNeeded} or newer is needed (tools/pulumi/cli/go.mod), found go1.22.1`,
    );
  });

  it("a Go too old that fetches the newer toolchain itself (GOTOOLCHAIN=auto) passes", () => {
    const result = check(["go"], { PATH: [fakeGo("1.22.1", "auto"), bare].join(path.delimiter) });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("lists every missing tool of influxd's build in one message", () => {
    const result = check(["go", "rust", "cc"], {
      PATH: [fakeGo(goNeeded as string, "auto", "no-such-cc"), bare].join(path.delimiter),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "Rust is needed to build influxd (Flux's Rust core): install rustup from https://rustup.rs",
    );
    expect(result.stderr).toContain("a C compiler ('no-such-cc', as go env CC names it) is needed");
    expect(result.stderr).not.toContain("Go ");
  });

  it("Python: a missing interpreter names the version and the venv module", () => {
    const result = check(["python"], { PATH: bare, PIT_PYTHON: "/no/such/python3" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Python >= 3.10 with the venv module is needed");
  });

  it("setup-pulumi.sh stops before building when Go is missing, with the message", () => {
    const cache = mkdtempSync(path.join(tmp, "cache-"));
    const result = spawnSync(path.join(bare, "bash"), [path.join(repoRoot, "scripts", "setup-pulumi.sh")], {
      encoding: "utf8",
      env: { HOME: tmp, PATH: bare, PIT_CACHE: cache },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("setup-pulumi: ERROR: cannot build yet");
    expect(result.stderr).toContain(`Go >= ${goNeeded} is not installed`);
    expect(result.stdout).toBe("");
  });

  it("the check lines are marked and left out of the cache keys", () => {
    for (const name of ["setup-pulumi.sh", "setup-influxd.sh"]) {
      const text = readFileSync(path.join(repoRoot, "scripts", name), "utf8");
      const marked = text.split("\n").filter((line) => line.endsWith("# prerequisites"));
      expect(marked.some((line) => line.includes('scripts/prerequisites.sh" && pit_require'))).toBe(true);
      expect(marked.some((line) => line.includes("<(grep -v '# prerequisites$'"))).toBe(true);
      // What is left is a script that would run (the old key computation is still there).
      const rest = text
        .split("\n")
        .filter((line) => !line.endsWith("# prerequisites"))
        .join("\n");
      expect(rest).not.toContain("prerequisites.sh");
      expect(rest).toMatch(/sha256sum \| cut -c1-12\)/);
    }
  });
});
