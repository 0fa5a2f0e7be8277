/**
 * DatabaseToken through the real Pulumi engine, against the emulator's InfluxDB 3
 * management API (no open-source server has it), on Clustered and Cloud Dedicated paths, with
 * the package installed from its tarball.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import {
  createTokenStack,
  disposeInstalledPackage,
  exportStack,
  type TokenStack,
} from "../support/token-stack";

type Permission = { action: "read" | "write"; resource: string };

/** Writes one point with `token` into `database`; 204 means the token may write it. */
async function writeWith(emulator: Emulator, token: string, database: string): Promise<number> {
  const response = await fetch(`${emulator.url}/api/v2/write?bucket=${database}&precision=s`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
    body: "e2e value=1 1700000000",
  });
  return response.status;
}

const flavours = [
  ["Clustered", false],
  ["Cloud Dedicated", true],
] as const;

describe.each(flavours)("DatabaseToken through the Pulumi engine (%s)", (flavour, dedicated) => {
  let emulator: Emulator;
  let t: TokenStack;
  let tokensPath: string;
  const desired: { description: string; permissions: Permission[] } = {
    description: "ingest writes sensors",
    permissions: [
      { action: "write", resource: "sensors" },
      { action: "read", resource: "sensors" },
    ],
  };
  const management = (method: string, path: string) =>
    fetch(`${emulator.url}${tokensPath}${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.managementToken}` },
    });
  const outputs = async () => {
    const all = await t.stack.outputs();
    return { id: all.id?.value as string, token: all.token?.value as string, secret: all.token?.secret };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ revokedDatabaseTokens: "visible" });
    const { accountId, clusterId } = emulator.seed;
    tokensPath = dedicated ? `/api/v0/accounts/${accountId}/clusters/${clusterId}/tokens` : "/api/v0/tokens";
    t = await createTokenStack(
      `database-token-${dedicated ? "dedicated" : "clustered"}`,
      (sdk) => {
        const ingest = new sdk.DatabaseToken("ingest", {
          description: desired.description,
          permissions: desired.permissions,
        });
        return { id: ingest.id, token: ingest.accessToken };
      },
      {
        "influxdb:managementUrl": { value: emulator.url },
        "influxdb:managementToken": { value: emulator.managementToken, secret: true },
        ...(dedicated
          ? { "influxdb:accountId": { value: accountId }, "influxdb:clusterId": { value: clusterId } }
          : {}),
      },
    );
  }, 600_000);

  afterAll(async () => {
    t?.dispose();
    await emulator?.close();
    disposeInstalledPackage();
  });

  it("up creates the token on the right paths; its value is a secret that works", async () => {
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    const { id, token, secret } = await outputs();
    expect(secret).toBe(true);
    expect((await management("GET", `/${id}`)).status).toBe(200);
    expect(await writeWith(emulator, token, "sensors")).toBe(204);
    expect(await writeWith(emulator, token, "other")).not.toBe(204);
  });

  it("a second preview plans no change, and neither does reordering the permissions", async () => {
    emulator.clearRequestLog();
    expect((await t.previewOps()).result.changeSummary).toEqual({ same: 2 });
    desired.permissions.reverse();
    expect((await t.previewOps()).result.changeSummary).toEqual({ same: 2 });
    // Preview reads nothing: diff works from state alone.
    expect(emulator.requestLog().filter((r) => !r.path.startsWith("/__emulator"))).toEqual([]);
  });

  it("a description change plans an update: one PATCH, same token", async () => {
    const before = await outputs();
    desired.description = "ingest writes sensors (renamed)";
    expect((await t.previewOps()).ops.ingest).toEqual(["update"]);
    emulator.clearRequestLog();
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ update: 1, same: 1 });
    expect(emulator.requestLog().filter((r) => r.method === "PATCH")).toHaveLength(1);
    expect(await outputs()).toEqual(before);
  });

  it("a permission change plans a replacement; the old token is revoked, the new one works", async () => {
    const old = await outputs();
    desired.permissions = [{ action: "write", resource: "metrics" }];
    expect((await t.previewOps()).ops.ingest).toEqual(
      expect.arrayContaining(["create-replacement", "replace", "delete-replaced"]),
    );
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ replace: 1, same: 1 });
    const fresh = await outputs();
    expect(fresh.id).not.toBe(old.id);
    const revoked = (await (await management("GET", `/${old.id}`)).json()) as { revokedAt?: string };
    expect(revoked.revokedAt).toBeTruthy();
    expect(await writeWith(emulator, old.token, "sensors")).toBe(401);
    expect(await writeWith(emulator, fresh.token, "metrics")).toBe(204);
  });

  it("refresh drops a token revoked out of band; the next up creates it again", async () => {
    const { id } = await outputs();
    expect((await management("DELETE", `/${id}`)).status).toBe(204);
    const refresh = await t.stack.refresh();
    expect(refresh.summary.resourceChanges).toEqual({ delete: 1, same: 1 });
    const up = await t.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 1, same: 1 });
    const fresh = await outputs();
    expect(fresh.id).not.toBe(id);
    expect(await writeWith(emulator, fresh.token, "metrics")).toBe(204);
  });

  it("`pulumi stack export` holds no plaintext token or credential, and accessToken is secret", async () => {
    const { token } = await outputs();
    const exported = exportStack(t);
    for (const secret of [token, emulator.managementToken]) expect(exported).not.toContain(secret);
    const resource = JSON.parse(exported).deployment.resources.find((r: { urn: string }) =>
      r.urn.endsWith("::ingest"),
    );
    expect(resource.outputs.accessToken).toHaveProperty("ciphertext");
  });

  it(`destroy leaves no active token (${flavour})`, async () => {
    const destroy = await t.stack.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect(emulator.state().counts.activeDatabaseTokens).toBe(0);
  });
});
