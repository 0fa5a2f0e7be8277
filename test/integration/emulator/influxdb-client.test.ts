import { HttpError, InfluxDB } from "@influxdata/influxdb-client";
import { AuthorizationsAPI, OrgsAPI } from "@influxdata/influxdb-client-apis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";

/** InfluxData's own JavaScript client drives the emulator: create, list, patch, delete. */
describe("@influxdata/influxdb-client-apis against the emulator", () => {
  let server: EmulatorTestServer;
  let auths: AuthorizationsAPI;
  beforeAll(async () => {
    server = await startEmulatorTestServer({ tokenVisibility: "plain" });
    const influx = new InfluxDB({ url: server.url, token: server.token });
    auths = new AuthorizationsAPI(influx);
  });
  afterAll(() => server.stop());

  it("creates, lists, patches and deletes an authorization", async () => {
    const orgs = await new OrgsAPI(new InfluxDB({ url: server.url, token: server.token })).getOrgs({
      org: "my-org",
    });
    const orgID = orgs.orgs?.[0]?.id as string;
    expect(orgID).toBe(server.org.id);

    const created = await auths.postAuthorizations({
      body: {
        orgID,
        description: "from the official client",
        permissions: [
          { action: "write", resource: { type: "buckets", id: server.buckets["telemetry"], orgID } },
        ],
      },
    });
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    expect(created.token).toHaveLength(88);
    expect(created.permissions?.[0]?.resource.name).toBe("telemetry");

    const listed = await auths.getAuthorizations({ orgID });
    expect(listed.authorizations?.map((a) => a.id)).toContain(created.id);
    expect(listed.authorizations?.find((a) => a.id === created.id)?.token).toBe(created.token);

    const patched = await auths.patchAuthorizationsID({
      authID: created.id as string,
      body: { status: "inactive" },
    });
    expect(patched.status).toBe("inactive");
    expect((await auths.getAuthorizationsID({ authID: created.id as string })).status).toBe("inactive");

    await auths.deleteAuthorizationsID({ authID: created.id as string });
    const err = await auths.getAuthorizationsID({ authID: created.id as string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(404);
    expect((err as HttpError).code).toBe("not found");
    expect((err as HttpError).message).toBe("authorization not found");
  });

  it("surfaces the server's error code and message for a bad request", async () => {
    const err = await auths
      .postAuthorizations({ body: { orgID: server.org.id, permissions: [] } })
      .catch((e: unknown) => e);
    expect((err as HttpError).statusCode).toBe(400);
    expect((err as HttpError).code).toBe("invalid");
    expect((err as HttpError).message).toBe("authorization must include permissions");
  });
});
