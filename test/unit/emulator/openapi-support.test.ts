import { describe, expect, it } from "vitest";
import { missingSpecsReason, OpenApiSpec } from "../../support/openapi";

/** The contract checker must reject non-conforming bodies, or the contract tests prove nothing. */
const reason = missingSpecsReason();
if (reason) console.warn(reason);

describe.skipIf(reason !== undefined)("test/support/openapi.ts", () => {
  it("finds operations by concrete path, literal segments first", () => {
    const oss = OpenApiSpec.load("oss");
    expect(oss.template("/api/v2/authorizations/0123456789abcdef")).toBe("/authorizations/{authID}");
    expect(oss.template("/api/v2/me")).toBe("/me");
    const cd = OpenApiSpec.load("dedicated");
    expect(cd.template("/api/v0/accounts/a/clusters/b/tokens/c")).toBe(
      "/accounts/{accountId}/clusters/{clusterId}/tokens/{tokenId}",
    );
  });

  it("accepts a conforming error and rejects a wrong code, a missing field and an undocumented body", () => {
    const oss = OpenApiSpec.load("oss");
    expect(
      oss.check(
        "GET",
        "/api/v2/authorizations/x",
        404,
        '{"code":"not found","message":"authorization not found"}',
      ),
    ).toBeUndefined();
    expect(oss.check("GET", "/api/v2/authorizations/x", 404, '{"code":"gone","message":"x"}')).toMatch(
      /allowed values/,
    );
    expect(oss.check("DELETE", "/api/v2/authorizations/x", 204, "{}")).toMatch(/documents no body/);
    const cl = OpenApiSpec.load("clustered");
    expect(cl.check("GET", "/api/v0/tokens", 200, '[{"id":"11111111-1111-4111-8111-111111111111"}]')).toMatch(
      /description/,
    );
    expect(cl.check("GET", "/api/v0/tokens", 400, '{"code":"bad","message":"x"}')).toMatch(/integer/);
    expect(cl.check("PUT", "/api/v0/tokens", 200, "[]")).toMatch(/not in the spec/);
  });

  it("checks links as URI references (the server answers relative paths)", () => {
    const oss = OpenApiSpec.load("oss");
    const body = JSON.stringify({ links: { self: "/api/v2/authorizations" }, authorizations: [] });
    expect(oss.check("GET", "/api/v2/authorizations", 200, body)).toBeUndefined();
  });
});
