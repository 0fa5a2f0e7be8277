import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorTestServer, startEmulatorTestServer } from "../../support/emulator";
import { missingSpecsReason, OpenApiSpec } from "../../support/openapi";

/**
 * The management API for database tokens (docs/behaviour/management-tokens.md) on both path families, every
 * response validated against the Clustered or the Cloud Dedicated OpenAPI document.
 */
const skipReason = missingSpecsReason();
if (skipReason) console.warn(skipReason);

for (const family of ["clustered", "dedicated"] as const) {
  describe(`management API database tokens (${family})`, () => {
    let server: EmulatorTestServer;
    let spec: OpenApiSpec | undefined;
    let base: string;
    let checked = 0;

    async function call(
      method: string,
      path: string,
      body?: unknown,
      auth?: string | null,
      // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
    ): Promise<{ status: number; json: any; text: string }> {
      const headers: Record<string, string> = {};
      const a = auth === undefined ? `Bearer ${server.emulator.managementToken}` : auth;
      if (a !== null) headers["Authorization"] = a;
      let payload: string | undefined;
      if (body !== undefined) {
        payload = typeof body === "string" ? body : JSON.stringify(body);
        headers["Content-Type"] = "application/json";
      }
      const res = await fetch(server.url + path, { method, headers, body: payload });
      const text = await res.text();
      if (spec) {
        expect(spec.check(method, path, res.status, text), `${method} ${path}`).toBeUndefined();
        checked++;
      }
      return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
    }

    beforeAll(async () => {
      server = await startEmulatorTestServer({ seed: 11 });
      spec = skipReason ? undefined : OpenApiSpec.load(family);
      const s = server.emulator.seed;
      base =
        family === "clustered"
          ? "/api/v0/tokens"
          : `/api/v0/accounts/${s.accountId}/clusters/${s.clusterId}/tokens`;
    });
    afterAll(() => server.stop());

    if (skipReason) it.skip(`OpenAPI schema checks: ${skipReason}`, () => {});

    it("POST answers 200 (not 201) with accessToken apiv1_ + 64 chars, only there", async () => {
      const r = await call("POST", base, {
        description: "Limited Access Token",
        permissions: [
          { action: "read", resource: "DatabaseOne" },
          { action: "write", resource: "*" },
        ],
        expiresAt: "2030-01-01T00:00:00Z",
      });
      expect(r.status).toBe(200);
      expect(r.json.accessToken).toMatch(/^apiv1_[A-Za-z0-9_-]{64}$/);
      expect(r.json.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.json.expiresAt).toBe("2030-01-01T00:00:00.000Z");
      if (family === "dedicated") {
        expect(r.json.accountId).toBe(server.emulator.seed.accountId);
        expect(r.json.clusterId).toBe(server.emulator.seed.clusterId);
      } else {
        expect(r.json.accountId).toBeUndefined();
      }
      const get = await call("GET", `${base}/${r.json.id}`);
      expect(get.status).toBe(200);
      expect(get.json.accessToken).toBeUndefined();
      expect(get.json.permissions).toEqual(r.json.permissions);
      const list = await call("GET", base);
      expect(list.status).toBe(200);
      expect(Array.isArray(list.json)).toBe(true);
      expect(list.json.find((t: { id: string }) => t.id === r.json.id)?.accessToken).toBeUndefined();
    });

    it("PATCH replaces permissions wholesale and keeps omitted fields", async () => {
      const c = await call("POST", base, {
        description: "d",
        permissions: [{ action: "read", resource: "a" }],
      });
      let r = await call("PATCH", `${base}/${c.json.id}`, {
        permissions: [{ action: "write", resource: "b" }],
      });
      expect(r.status).toBe(200);
      expect(r.json.permissions).toEqual([{ action: "write", resource: "b" }]);
      expect(r.json.description).toBe("d");
      expect(r.json.accessToken).toBeUndefined();
      r = await call("PATCH", `${base}/${c.json.id}`, { description: "only description" });
      expect(r.json.permissions).toEqual([{ action: "write", resource: "b" }]);
      r = await call("PATCH", `${base}/${c.json.id}`, { permissions: [] });
      expect(r.json.permissions).toEqual([]);
    });

    it("DELETE answers 204 with no body; the token is then gone (hidden mode, the default)", async () => {
      const c = await call("POST", base, { description: "to revoke" });
      expect(c.json.permissions).toEqual([]);
      const d = await call("DELETE", `${base}/${c.json.id}`);
      expect(d.status).toBe(204);
      expect(d.text).toBe("");
      expect((await call("GET", `${base}/${c.json.id}`)).status).toBe(404);
      expect((await call("GET", base)).json.some((t: { id: string }) => t.id === c.json.id)).toBe(false);
      expect((await call("DELETE", `${base}/${c.json.id}`)).status).toBe(404);
    });

    const bad: [string, string, string, unknown][] = [
      ["POST without description", "POST", "", { permissions: [] }],
      ["POST with a non-JSON body", "POST", "", "not json"],
      [
        "POST with action delete",
        "POST",
        "",
        { description: "x", permissions: [{ action: "delete", resource: "db" }] },
      ],
      [
        "POST with an empty database name",
        "POST",
        "",
        { description: "x", permissions: [{ action: "read", resource: "" }] },
      ],
      [
        "POST with a 65-char database name",
        "POST",
        "",
        { description: "x", permissions: [{ action: "read", resource: "d".repeat(65) }] },
      ],
      ["POST with expiresAt not RFC 3339", "POST", "", { description: "x", expiresAt: "tomorrow" }],
      ["PATCH with no property", "PATCH", "/11111111-1111-4111-8111-111111111111", {}],
      ["GET with a tokenId that is not a UUID", "GET", "/not-a-uuid", undefined],
    ];
    it.each(bad)("%s => 400 with an integer code", async (_name, method, suffix, body) => {
      if (method === "PATCH") {
        const c = await call("POST", base, { description: "p" });
        suffix = `/${c.json.id}`;
      }
      const r = await call(method, base + suffix, body);
      expect(r.status).toBe(400);
      expect(r.json.code).toBe(400);
      expect(typeof r.json.message).toBe("string");
    });

    it("unknown tokenId => 404; missing or wrong bearer => 401, all with integer codes", async () => {
      const missing = await call("GET", `${base}/11111111-1111-4111-8111-111111111111`);
      expect(missing.status).toBe(404);
      expect(missing.json.code).toBe(404);
      for (const auth of [null, "Bearer wrong", `Token ${server.emulator.managementToken}`]) {
        const r = await call("GET", base, undefined, auth);
        expect(r.status).toBe(401);
        expect(r.json).toEqual({ code: 401, message: "unauthorized" });
      }
      const v2 = await call("GET", base, undefined, `Bearer ${server.token}`);
      expect(v2.status).toBe(401);
    });

    if (family === "dedicated") {
      it("unknown account or cluster => 404; malformed => 400", async () => {
        const s = server.emulator.seed;
        const other = "11111111-1111-4111-8111-111111111111";
        expect((await call("GET", `/api/v0/accounts/${other}/clusters/${s.clusterId}/tokens`)).status).toBe(
          404,
        );
        expect((await call("GET", `/api/v0/accounts/${s.accountId}/clusters/${other}/tokens`)).status).toBe(
          404,
        );
        expect((await call("GET", `/api/v0/accounts/x/clusters/${s.clusterId}/tokens`)).status).toBe(400);
      });
    }

    it("checked responses against the official OpenAPI document", () => {
      if (!skipReason) expect(checked).toBeGreaterThan(20);
    });
  });
}
