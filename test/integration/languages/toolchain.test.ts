/**
 * The toolchain for Pulumi programs beyond TypeScript, proved on this machine with the
 * builds of scripts/setup-languages.sh: the SDK generator (a fixture schema to Python, Go and
 * Node SDKs, each installed or compiled offline), the YAML language host running a real YAML
 * program through our CLI, and Automation API inline programs in Python and Go.
 *
 * Everything runs locally: file backends in temporary folders, GOPROXY=off and pip --no-index,
 * so a test that passes has used only what the setup script cached.
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PulumiSandbox, pulumiSandbox, repoRoot, scratchDir } from "../../support/pulumi";

const fixtures = path.join(__dirname, "fixtures");

interface Toolchain {
  PULUMI_BIN: string;
  YAML_HOST_BIN: string;
  SDKGEN: string;
  PYTHON_VENV: string;
}

/** Runs a command and returns its stdout; a failure throws with both output streams. */
function run(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status ?? result.signal}\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return String(result.stdout);
}

function setupLanguages(): Toolchain {
  const out = run("bash", [path.join(repoRoot, "scripts", "setup-languages.sh")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = Object.fromEntries(
    out
      .split("\n")
      .map((line) => /^([A-Z_]+)=(.+)$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  for (const key of ["PULUMI_BIN", "YAML_HOST_BIN", "SDKGEN", "PYTHON_VENV"]) {
    if (!lines[key]) throw new Error(`setup-languages.sh printed no ${key}= line:\n${out}`);
  }
  return lines as unknown as Toolchain;
}

/**
 * Go without the network: every module must come from the cache the setup script filled. Builds
 * use -trimpath like the setup script's, so they hit the build cache it warmed (and a generated
 * SDK in a new temporary folder is a cache hit from the second run on).
 */
function offlineGoEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPROXY: "off",
    GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim(),
    GOTOOLCHAIN: "local",
    GOWORK: "off",
  };
}

/** The contents of every file under dir, for "this state holds no plaintext secret" checks. */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");
}

let tools: Toolchain;
const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pit-lang-${prefix}-`));
  temps.push(dir);
  return dir;
}

beforeAll(() => {
  // Cold, this builds the YAML host, sdkgen and the venv (several minutes on 2 cores); `npm run
  // setup` has done it before `npm test` runs, and then it takes a few seconds.
  tools = setupLanguages();
}, 20 * 60_000);

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("sdkgen: one package schema to Python, Go and Node SDKs", () => {
  let sdkDir: string;
  beforeAll(() => {
    // Inside the repository (git-ignored .cache/work): the Node SDK's TypeScript compiles against
    // the repository's node_modules from here.
    sdkDir = scratchDir("sdkgen");
    temps.push(sdkDir);
    run(tools.SDKGEN, ["--schema", path.join(fixtures, "schema.json"), "--out", sdkDir]);
  });

  it("writes the three SDKs, with the secret output marked in each", () => {
    const read = (file: string) => readFileSync(path.join(sdkDir, file), "utf8");
    expect(read("python/setup.py")).toContain("setup(name='pulumi_demo_tokens'");
    expect(read("python/pulumi_demo_tokens/token.py")).toContain('additional_secret_outputs=["value"]');
    expect(read("go/go.mod")).toMatch(/^module example\.com\/demo-tokens\/sdk\/go$/m);
    expect(read("go/demotokens/token.go")).toMatch(/AdditionalSecretOutputs\(\[\]string\{\s*"value",/);
    expect(read("nodejs/token.ts")).toContain('additionalSecretOutputs: ["value"]');
    expect(JSON.parse(read("nodejs/package.json"))).toMatchObject({
      name: "@example/demo-tokens",
      version: "0.1.0",
    });
    expect(JSON.parse(read("go/demotokens/pulumi-plugin.json"))).toEqual({
      resource: true,
      name: "demo-tokens",
      version: "0.1.0",
    });
  });

  it("refuses, with a message naming the problem, schemas whose SDKs would be wrong or unusable", () => {
    const dir = tempDir("sdkgen-bad");
    const fixture = readFileSync(path.join(fixtures, "schema.json"), "utf8");
    const sdkgen = (schema: unknown, ...args: string[]) => {
      const file = path.join(dir, "schema.json");
      writeFileSync(file, JSON.stringify(schema));
      return spawnSync(tools.SDKGEN, ["--schema", file, "--out", dir, ...args], { encoding: "utf8" });
    };
    type Schema = {
      language: Record<string, unknown>;
      resources: Record<string, { properties: Record<string, Record<string, unknown>> }>;
    };
    const variant = (change: (schema: Schema) => void) => {
      const schema = JSON.parse(fixture) as Schema;
      change(schema);
      return schema;
    };

    const noGoPath = variant((schema) => delete schema.language.go);
    const refused: [string, ReturnType<typeof sdkgen>][] = [
      // Without it every generated Go file imports github.com/pulumi/pulumi-<name>/...: not ours.
      ['"language.go.importBasePath" is required', sdkgen(noGoPath)],
      // A misspelt key would otherwise vanish (here: the output would not be secret).
      [
        'unknown field "secrett"',
        sdkgen(
          variant((schema) => {
            schema.resources["demo-tokens:index:Token"]!.properties.value!.secrett = true;
          }),
        ),
      ],
      [
        'the schema references the external package "random"',
        sdkgen(
          variant((schema) => {
            schema.resources["demo-tokens:index:Token"]!.properties.pet = {
              $ref: "/random/v4.16.0/schema.json#/resources/random:index:RandomPet",
            };
          }),
        ),
      ],
      ['unknown language "dotnet"', sdkgen(JSON.parse(fixture), "--languages", "dotnet")],
    ];
    for (const [message, result] of refused) {
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 1,
        stderr: expect.stringContaining(message),
      });
    }
    expect(readdirSync(dir)).toEqual(["schema.json"]); // every check runs before anything is written

    // Python alone needs no Go settings.
    expect(sdkgen(noGoPath, "--languages", "python").status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["python", "schema.json"]);
  });

  it("the Python SDK installs offline from its setup.py and imports in the venv", () => {
    const target = tempDir("py-sdk");
    const python = path.join(tools.PYTHON_VENV, "bin", "python");
    // --target keeps the shared venv unchanged (parallel runs use it too); --no-deps because a
    // target folder would get its own copy of pulumi: the venv's copy is checked below instead.
    run(python, [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-index",
      "--no-build-isolation",
      "--no-deps",
      "--target",
      target,
      path.join(sdkDir, "python"),
    ]);
    const check = `
import importlib.metadata as md, json
from packaging.requirements import Requirement
import pulumi_demo_tokens as sdk
dist = md.distribution("pulumi_demo_tokens")
unmet = []
for line in dist.requires or []:
    req = Requirement(line)
    if req.marker is not None and not req.marker.evaluate():
        continue
    try:
        if md.version(req.name) not in req.specifier:
            unmet.append(line)
    except md.PackageNotFoundError:
        unmet.append(line)
print(json.dumps({
    "classes": [sdk.Token.__name__, sdk.Provider.__name__],
    "version": dist.version,
    "unmet": unmet,
    "file": sdk.__file__,
}))
`;
    const result = JSON.parse(run(python, ["-c", check], { env: { ...process.env, PYTHONPATH: target } }));
    expect(result.classes).toEqual(["Token", "Provider"]);
    expect(result.version).toBe("0.1.0"); // the schema's version (respectSchemaVersion)
    expect(result.file.startsWith(target)).toBe(true);
    expect(result.unmet).toEqual([]); // the venv has every requirement the generated setup.py declares
  });

  it("the Go SDK compiles in a module that points its path at the generated folder", () => {
    const mod = tempDir("go-sdk");
    const inline = path.join(fixtures, "go-inline");
    // The inline fixture's go.mod/go.sum pin sdk/v3 v3.274.1, which the generated SDK requires too.
    const goMod = readFileSync(path.join(inline, "go.mod"), "utf8").replace(
      /^module .*$/m,
      "module sdkcheck",
    );
    writeFileSync(
      path.join(mod, "go.mod"),
      `${goMod}\nrequire example.com/demo-tokens/sdk/go v0.0.0\n\n` +
        `replace example.com/demo-tokens/sdk/go => ${path.join(sdkDir, "go")}\n`,
    );
    cpSync(path.join(inline, "go.sum"), path.join(mod, "go.sum"));
    writeFileSync(
      path.join(mod, "main.go"),
      `package main

import (
	"example.com/demo-tokens/sdk/go/demotokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		eu, err := demotokens.NewProvider(ctx, "eu", &demotokens.ProviderArgs{Url: pulumi.StringPtr("http://127.0.0.1:1")})
		if err != nil {
			return err
		}
		token, err := demotokens.NewToken(ctx, "t", &demotokens.TokenArgs{Description: pulumi.String("ci")}, pulumi.Provider(eu))
		if err != nil {
			return err
		}
		var value pulumi.StringOutput = token.Value
		ctx.Export("value", value)
		return nil
	})
}
`,
    );
    run("go", ["build", "-trimpath", "-o", path.join(mod, "sdkcheck"), "."], {
      cwd: mod,
      env: offlineGoEnv(),
    });
    // Every generated package, config included, which the program above does not import.
    run("go", ["vet", "-trimpath", "example.com/demo-tokens/sdk/go/..."], { cwd: mod, env: offlineGoEnv() });
    expect(existsSync(path.join(mod, "sdkcheck"))).toBe(true);
  }, 180_000);

  it("the Node SDK's TypeScript compiles against @pulumi/pulumi", () => {
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    run(process.execPath, [tsc, "-p", path.join(sdkDir, "nodejs", "tsconfig.json"), "--noEmit"]);
    expect(existsSync(path.join(sdkDir, "nodejs", "index.ts"))).toBe(true);
  });
});

describe("the engine with each language", () => {
  let sandbox: PulumiSandbox;
  let env: Record<string, string>;
  beforeAll(() => {
    sandbox = pulumiSandbox();
    const yamlDir = path.dirname(tools.YAML_HOST_BIN);
    // Normally the host sits beside the CLI (already first on PATH); with a Pulumi of the user's
    // that lacks one (PIT_USE_PATH_PULUMI=1) it is found on PATH instead.
    env =
      yamlDir === tools.PULUMI_BIN
        ? sandbox.env
        : { ...sandbox.env, PATH: [yamlDir, sandbox.env.PATH].join(path.delimiter) };
  });
  afterAll(() => sandbox?.dispose());

  it("a Pulumi YAML program runs through the YAML language host: up, then stack output", () => {
    const project = tempDir("yaml");
    cpSync(path.join(fixtures, "yaml-outputs"), project, { recursive: true });
    const pulumi = (...args: string[]) =>
      run(path.join(tools.PULUMI_BIN, "pulumi"), [...args, "--non-interactive", "--cwd", project], { env });

    pulumi("stack", "init", "dev");
    pulumi("config", "set", "greeting", "hi");
    const up = pulumi("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 1 created/); // the stack itself: this program declares no resources
    // Beside the CLI the engine takes it as a bundled plugin; found only on PATH, every run would
    // warn "using pulumi-language-yaml from $PATH".
    if (path.dirname(tools.YAML_HOST_BIN) === tools.PULUMI_BIN) expect(up).not.toContain("from $PATH");
    expect(JSON.parse(pulumi("stack", "output", "--json"))).toEqual({
      greeting: "hi",
      joined: "hi-dev",
      secret: "[secret]",
    });
    expect(JSON.parse(pulumi("stack", "output", "secret", "--show-secrets", "--json"))).toBe("s3cr3t");
    expect(readTree(path.join(sandbox.stateDir, "backend"))).not.toContain("s3cr3t");
  }, 120_000);

  it("a Python Automation API inline program runs up from the venv", () => {
    const workDir = tempDir("py-inline");
    const python = path.join(tools.PYTHON_VENV, "bin", "python");
    const out = run(
      python,
      [
        path.join(fixtures, "python-inline", "main.py"),
        "--pulumi-root",
        path.dirname(tools.PULUMI_BIN),
        "--work-dir",
        workDir,
        "--greeting",
        "from-python",
      ],
      { env: { ...env, PYTHONDONTWRITEBYTECODE: "1" } },
    );
    expect(JSON.parse(out)).toEqual({
      result: "succeeded",
      greeting: { value: "from-python", secret: false },
      stack: { value: "dev", secret: false },
      secret: { value: "s3cr3t", secret: true },
    });
    expect(
      readTree(path.join(sandbox.stateDir, "backend", ".pulumi", "stacks", "python-inline")),
    ).not.toContain("s3cr3t");
  }, 120_000);

  it("a Go Automation API inline program builds offline and runs up", () => {
    const bin = path.join(tempDir("go-inline"), "go-inline");
    const workDir = tempDir("go-inline-work");
    run("go", ["build", "-trimpath", "-o", bin, "."], {
      cwd: path.join(fixtures, "go-inline"),
      env: offlineGoEnv(),
    });
    const out = run(
      bin,
      ["--pulumi-root", path.dirname(tools.PULUMI_BIN), "--work-dir", workDir, "--greeting", "from-go"],
      { env },
    );
    expect(JSON.parse(out)).toEqual({
      result: "succeeded",
      greeting: { value: "from-go", secret: false },
      stack: { value: "dev", secret: false },
      secret: { value: "s3cr3t", secret: true },
    });
    expect(readTree(path.join(sandbox.stateDir, "backend", ".pulumi", "stacks", "go-inline"))).not.toContain(
      "s3cr3t",
    );
  }, 180_000);
});
