import { describe, expect, it } from "vitest";
import { InfluxApiError } from "../../../../provider/http";

describe("InfluxApiError", () => {
  it("formats method, path, status, v2 string code and message", () => {
    const error = new InfluxApiError({
      method: "GET",
      path: "/api/v2/authorizations/0a0b0c0d0e0f0102",
      status: 404,
      code: "not found",
      apiMessage: "authorization not found",
    });
    expect(error.message).toBe(
      "InfluxDB API GET /api/v2/authorizations/0a0b0c0d0e0f0102 failed with HTTP 404 (not found): authorization not found",
    );
    expect(error.isNotFound).toBe(true);
    expect(error.code).toBe("not found");
  });

  it("keeps the management API's integer code", () => {
    const error = new InfluxApiError({
      method: "POST",
      path: "/api/v0/tokens",
      status: 409,
      code: 409,
      apiMessage: "conflict",
    });
    expect(error.code).toBe(409);
    expect(error.message).toContain("HTTP 409: conflict");
  });

  it("says the status once when the code is the status again", () => {
    const error = new InfluxApiError({
      method: "GET",
      path: "/api/v0/tokens",
      status: 401,
      code: 401,
      apiMessage: "unauthorized",
    });
    expect(error.message).toBe("InfluxDB API GET /api/v0/tokens failed with HTTP 401: unauthorized");
    expect(error.message).not.toContain("(401)");
  });

  it("redacts the credential from message, path and cause, and keeps the cause's code", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED with sekrit-token"), {
      code: "ECONNREFUSED",
    });
    const error = new InfluxApiError({
      method: "DELETE",
      path: "/api/v0/tokens/sekrit-token",
      apiMessage: "sekrit-token was rejected",
      cause,
      secrets: ["sekrit-token"],
    });
    expect(error.message).not.toContain("sekrit-token");
    expect(error.path).not.toContain("sekrit-token");
    expect(error.message).toContain("failed (no response)");
    expect(error.status).toBeUndefined();
    const redactedCause = error.cause as Error & { code?: string };
    expect(redactedCause.message).not.toContain("sekrit-token");
    expect(redactedCause.code).toBe("ECONNREFUSED");
  });
});
