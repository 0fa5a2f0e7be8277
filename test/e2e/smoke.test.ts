/**
 * Toolchain smoke test: the Pulumi CLI we build from source, the Node.js
 * language host, our dynamic-provider launcher and the project's Node 24 run a trivial
 * dynamic resource through up, preview (no changes), refresh and destroy, once through the
 * Automation API (inline program, no language host) and once through the CLI on a project
 * folder, as users run it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { afterAll, describe, expect, it } from "vitest";
import { type PulumiSandbox, pulumiSandbox, repoRoot, scratchDir } from "../support/pulumi";

const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.label}`, outs: inputs };
  },
  async diff(_id, olds, news) {
    return { changes: olds.label !== news.label };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

class Echo extends pulumi.dynamic.Resource {
  constructor(name: string, label: string) {
    super(echoProvider, name, { label }, {});
  }
}

describe("toolchain smoke: Automation API inline program", () => {
  let sandbox: PulumiSandbox | undefined;
  let workDir: string | undefined;
  afterAll(() => {
    sandbox?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("runs up, preview without changes, refresh and destroy", async () => {
    sandbox = pulumiSandbox();
    workDir = scratchDir("smoke-inline");
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        projectName: "smoke-inline",
        stackName: "dev",
        program: async () => {
          const echo = new Echo("echo", "one");
          return { echoId: echo.id };
        },
      },
      await sandbox.workspace(workDir),
    );

    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges?.create).toBe(2); // the stack and the echo resource
    expect(up.outputs.echoId?.value).toBe("echo-one");

    const preview = await stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });

    const refresh = await stack.refresh();
    expect(refresh.summary.result).toBe("succeeded");

    const destroy = await stack.destroy();
    expect(destroy.summary.resourceChanges?.delete).toBe(2);
  });
});

describe("toolchain smoke: pulumi CLI on a TypeScript project folder", () => {
  let sandbox: PulumiSandbox | undefined;
  let project: string | undefined;
  afterAll(() => {
    sandbox?.dispose();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("runs pulumi up, preview --expect-no-changes, refresh and destroy", () => {
    sandbox = pulumiSandbox();
    project = scratchDir("smoke-cli");
    cpSync(path.join(repoRoot, "test", "e2e", "fixtures", "smoke-project"), project, { recursive: true });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(project, "node_modules"));
    const env = sandbox.env;
    const pulumiCli = (...args: string[]) =>
      execFileSync("pulumi", [...args, "--non-interactive", "--cwd", project!], {
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });

    pulumiCli("stack", "init", "dev");
    const up = pulumiCli("up", "--yes", "--skip-preview");
    expect(up).toMatch(/\+ 2 created/);
    expect(JSON.parse(pulumiCli("stack", "output", "--json"))).toEqual({
      createdBy: "smoke",
      id: "counter-one",
    });
    // --expect-no-changes makes preview fail if anything would change.
    pulumiCli("preview", "--expect-no-changes");
    pulumiCli("config", "set", "label", "two");
    expect(pulumiCli("preview", "--diff")).toMatch(/\+-pulumi-nodejs:dynamic:Resource: \(replace\)/);
    pulumiCli("config", "rm", "label");
    expect(pulumiCli("refresh", "--yes")).toMatch(/2 unchanged/);
    expect(pulumiCli("destroy", "--yes")).toMatch(/- 2 deleted/);
  });
});
