import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";

describe("emulator v2 smoke: create, read, list, patch, delete an authorization", () => {
  let server: EmulatorTestServer;
  const h = () => ({ Authorization: `Token ${server.token}`, "Content-Type": "application/json" });
  beforeAll(async () => {
    server = await startEmulatorTestServer({ seed: 7 });
  });
  afterAll(() => server.stop());

  it("walks the lifecycle with the statuses behaviour A.4-A.8 gives", async () => {
    const post = await fetch(`${server.url}/api/v2/authorizations`, {
      method: "POST",
      headers: h(),
      body: JSON.stringify({
        orgID: server.org.id,
        description: "smoke",
        permissions: [{ action: "read", resource: { type: "buckets", orgID: server.org.id } }],
      }),
    });
    expect(post.status).toBe(201);
    const created = (await post.json()) as { id: string; token: string };
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{86}==$/);

    const get = await fetch(`${server.url}/api/v2/authorizations/${created.id}`, { headers: h() });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { token: string }).token).toBe("");

    const patch = await fetch(`${server.url}/api/v2/authorizations/${created.id}`, {
      method: "PATCH",
      headers: h(),
      body: JSON.stringify({ status: "inactive" }),
    });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as { status: string }).status).toBe("inactive");

    const del = await fetch(`${server.url}/api/v2/authorizations/${created.id}`, {
      method: "DELETE",
      headers: h(),
    });
    expect(del.status).toBe(204);
    const again = await fetch(`${server.url}/api/v2/authorizations/${created.id}`, { headers: h() });
    expect(again.status).toBe(404);
    expect(server.emulator.state().counts.authorizations).toBe(1);
  });
});
