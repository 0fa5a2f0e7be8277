/**
 * Through the real Pulumi engine, with the package installed from its tarball, against
 * the emulator: adopting a token made outside Pulumi, rotation by trigger, by the native
 * `replacementTrigger` option and by age (`rotateAfter`), DatabaseToken `waitForActivation`, and
 * what the provider's log lines look like in `pulumi up` output.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, emulatorStackConfig, startEmulatorTestServer } from "../support/emulator";
import {
  createTokenStack,
  disposeInstalledPackage,
  exportStack,
  type TokenStack,
} from "../support/token-stack";

type Desired = {
  adoptId?: string;
  adoptedToken?: string;
  rotationTrigger?: string;
  replacementTrigger?: string;
  rotateAfter?: string;
};

async function call(
  server: EmulatorTestServer,
  method: string,
  path: string,
  credential: string,
  body?: unknown,
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: credential, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

async function writeWith(server: EmulatorTestServer, token: string, bucket: string): Promise<number> {
  const query = new URLSearchParams({ org: server.org.name, bucket });
  const response = await fetch(`${server.url}/api/v2/write?${query}`, {
    method: "POST",
    headers: { authorization: `Token ${token}` },
    body: "m v=1",
  });
  return response.status;
}

describe("adoption and rotation through the Pulumi engine (emulator)", () => {
  let server: EmulatorTestServer;
  let t: TokenStack;
  let existing: { id: string; token: string };
  const desired: Desired = {};
  const outputs = async () => {
    const all = await t.stack.outputs();
    return {
      id: all.id?.value as string,
      token: all.token?.value as string | undefined,
      tokenKnown: all.tokenKnown?.value as boolean,
      adopted: all.adopted?.value as boolean,
      rotationDueAt: all.rotationDueAt?.value as string | undefined,
    };
  };

  beforeAll(async () => {
    server = await startEmulatorTestServer({ activationDelayMs: 1_000 });
    const made = await call(server, "POST", "/api/v2/authorizations", `Token ${server.token}`, {
      orgID: server.org.id,
      description: "made in the UI",
      permissions: [{ action: "write", resource: { type: "buckets", id: server.buckets.telemetry } }],
    });
    existing = made.body;
    t = await createTokenStack(
      "adopt-rotate",
      (sdk) => {
        const telegraf = new sdk.Authorization(
          "telegraf",
          {
            description: "telegraf writes telemetry",
            permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
            adoptId: desired.adoptId,
            adoptedToken: desired.adoptedToken,
            rotationTrigger: desired.rotationTrigger,
            rotateAfter: desired.rotateAfter,
          },
          desired.replacementTrigger === undefined ? {} : { replacementTrigger: desired.replacementTrigger },
        );
        const ingest = new sdk.DatabaseToken("ingest", {
          description: "ingest writes sensors",
          permissions: [{ action: "write", resource: "sensors" }],
          waitForActivation: { timeout: "30s" },
        });
        return {
          id: telegraf.id,
          token: telegraf.token,
          tokenKnown: telegraf.tokenKnown,
          adopted: telegraf.adopted,
          rotationDueAt: telegraf.rotationDueAt,
          ingestToken: ingest.accessToken,
        };
      },
      emulatorStackConfig(server.emulator),
    );
  }, 600_000);

  afterAll(async () => {
    t?.dispose();
    await server?.stop();
    disposeInstalledPackage();
  });

  it("up adopts the existing token (no new one), warns that its value is unknown, and waits for the database token", async () => {
    desired.adoptId = existing.id;
    let output = "";
    const up = await t.stack.up({ onOutput: (text) => (output += text) });
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    const out = await outputs();
    expect(out).toMatchObject({ id: existing.id, adopted: true, tokenKnown: false });
    expect(out.token).toBeUndefined();
    // The provider's lines reach `pulumi up` output through the engine.
    expect(output).toContain(
      `adopted Authorization ${existing.id} of my-org (1 permission); set its description as declared`,
    );
    expect(output).toMatch(/warning: Authorization \w+ was adopted without its value/);
    expect(output).toMatch(/DatabaseToken \S+ is active on http:\/\/127\.0\.0\.1:\d+ after \d+\.\d s/);
    const ingest = (await t.stack.outputs()).ingestToken?.value as string;
    const write = await fetch(`${server.url}/api/v2/write?bucket=sensors`, {
      method: "POST",
      headers: { authorization: `Bearer ${ingest}` },
      body: "m v=1",
    });
    expect(write.status).toBe(204);
    const list = await call(server, "GET", "/api/v2/authorizations", `Token ${server.token}`);
    expect(list.body.authorizations).toHaveLength(2); // the operator's and the adopted one
  });

  it("giving the value later is an update without a request; the secret output then works", async () => {
    desired.adoptedToken = existing.token;
    expect((await t.previewOps()).ops.telegraf).toEqual(["update"]);
    server.emulator.clearRequestLog();
    await t.stack.up();
    expect(server.emulator.requestLog().filter((r) => r.method !== "GET")).toEqual([]);
    const out = await outputs();
    expect(out).toMatchObject({ token: existing.token, tokenKnown: true });
    expect(await writeWith(server, out.token!, "telemetry")).toBe(204);
    expect(exportStack(t)).not.toContain(existing.token);
  });

  it("a rotation while adoptId is set is refused in preview; without it, a trigger change rotates", async () => {
    desired.rotationTrigger = "2026-Q1";
    await t.stack.up(); // first value: recorded, no new token
    expect((await outputs()).id).toBe(existing.id);
    desired.rotationTrigger = "2026-Q2";
    await expect(t.previewOps()).rejects.toThrow(/adoptId is still set/);

    desired.adoptId = undefined;
    desired.adoptedToken = undefined;
    const { ops } = await t.previewOps();
    expect(ops.telegraf).toEqual(
      expect.arrayContaining(["create-replacement", "replace", "delete-replaced"]),
    );
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ replace: 1 });
    const rotated = await outputs();
    expect(rotated.id).not.toBe(existing.id);
    expect(rotated).toMatchObject({ adopted: false, tokenKnown: true });
    expect(await writeWith(server, rotated.token!, "telemetry")).toBe(204);
    expect(await writeWith(server, existing.token, "telemetry")).toBe(401);
  });

  it("the native replacementTrigger option rotates the same way (create first, then delete)", async () => {
    const before = await outputs();
    desired.replacementTrigger = "one";
    await t.stack.up();
    desired.replacementTrigger = "two";
    const { ops } = await t.previewOps();
    expect(ops.telegraf).toEqual(expect.arrayContaining(["create-replacement", "delete-replaced"]));
    await t.stack.up();
    const after = await outputs();
    expect(after.id).not.toBe(before.id);
    expect(await writeWith(server, before.token!, "telemetry")).toBe(401);
  });

  it("rotateAfter: no plan while not due; the first preview/up after createdAt + period replaces", async () => {
    desired.rotateAfter = "90d";
    await t.stack.up();
    const current = await outputs();
    expect(Date.parse(current.rotationDueAt!)).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    expect((await t.previewOps()).result.changeSummary).toMatchObject({ same: 3 });

    // Age the token in state, as if it had been created 91 days ago (diff reads createdAt from state).
    const deployment = await t.stack.exportStack();
    const resource = deployment.deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::telegraf"),
    );
    resource.outputs.createdAt = new Date(Date.now() - 91 * 86_400_000).toISOString();
    await t.stack.importStack(deployment);

    const { ops } = await t.previewOps();
    expect(ops.telegraf).toEqual(
      expect.arrayContaining(["create-replacement", "replace", "delete-replaced"]),
    );
    await t.stack.up();
    const rotated = await outputs();
    expect(rotated.id).not.toBe(current.id);
    expect(await writeWith(server, rotated.token!, "telemetry")).toBe(204);
    expect(await writeWith(server, current.token!, "telemetry")).toBe(401);
    expect((await t.previewOps()).result.changeSummary).toMatchObject({ same: 3 });
  });

  it("destroy deletes every token it manages, the adopted one included", async () => {
    await t.stack.destroy();
    const list = await call(server, "GET", "/api/v2/authorizations", `Token ${server.token}`);
    expect(list.body.authorizations).toHaveLength(1);
  });
});
