/**
 * The retry budget (attempts and total time, per request from stack config / env) and
 * 401/403 messages naming the credential and the missing permission, never its value.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeHttpAgent,
  describeAccessDenied,
  type InfluxApiError,
  request,
  withRetry,
} from "../../../../provider/http";

let server: Server;
let baseUrl: string;
let answer: { status: number; body: unknown; headers?: Record<string, string> } = { status: 503, body: {} };
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeHttpAgent();
  await new Promise((resolve) => server.close(resolve));
});

describe("retry budget", () => {
  it("a request's maxAttempts wins over the default, and the error says how to raise it", async () => {
    answer = { status: 503, body: { code: "unavailable", message: "busy" } };
    hits = 0;
    const send = withRetry(request, { sleep: async () => {}, random: () => 0 });
    const error = (await send({
      method: "GET",
      baseUrl,
      path: "/x",
      authorization: "Token t",
      retry: { maxAttempts: 6 },
    }).catch((e: unknown) => e)) as InfluxApiError;
    expect(hits).toBe(6);
    expect(error.status).toBe(503);
    expect(error.message).toContain("gave up after 6 attempts");
    expect(error.message).toContain("INFLUXDB_RETRY_MAX_ATTEMPTS");
    expect(error.message).toContain("influxdb:retryMaxElapsedSeconds");
  });

  it("no new attempt starts once the total time budget would be exceeded", async () => {
    answer = {
      status: 429,
      body: { code: "too many requests", message: "slow down" },
      headers: { "retry-after": "4" },
    };
    hits = 0;
    let clock = 0;
    const send = withRetry(request, {
      sleep: async (ms) => {
        clock += ms;
      },
      now: () => clock,
    });
    // Retry-After 4 s each: 0 s, 4 s, 8 s fit in 10 s; the next wait would end at 12 s.
    await expect(
      send({
        method: "DELETE",
        baseUrl,
        path: "/x",
        authorization: "Token t",
        retry: { maxElapsedMs: 10_000, maxAttempts: 20 },
      }),
    ).rejects.toMatchObject({ status: 429 });
    expect(hits).toBe(3);
    expect(clock).toBe(8_000);
  });

  it("maxAttempts 1 means no retry at all", async () => {
    answer = { status: 502, body: {} };
    hits = 0;
    const send = withRetry(request, { sleep: async () => {} });
    await expect(
      send({ method: "GET", baseUrl, path: "/x", authorization: "Token t", retry: { maxAttempts: 1 } }),
    ).rejects.toMatchObject({ status: 502 });
    expect(hits).toBe(1);
  });
});

describe("401 and 403 name the credential by its setting and the missing permission", () => {
  const secret = "s3cr3t-credential-value-0123456789";
  it.each([
    [
      401,
      { code: "unauthorized", message: "write:orgs/0123456789abcdef/authorizations is unauthorized" },
      /lacks the permission write:orgs\/0123456789abcdef\/authorizations/,
    ],
    [401, { code: "unauthorized", message: "unauthorized access" }, /does not know it/],
    [403, { code: "forbidden", message: "User is inactive" }, /inactive/],
    [
      403,
      {
        code: "forbidden",
        message:
          "permission write:orgs/0123456789abcdef/buckets is not allowed: write:orgs/0123456789abcdef/buckets is unauthorized",
      },
      /does not hold write:orgs\/0123456789abcdef\/buckets itself/,
    ],
    [403, { code: 403, message: "forbidden" }, /did not name the missing permission/],
  ])("%i %j", async (status, body, expected) => {
    answer = { status, body };
    const error = (await request({
      method: "POST",
      baseUrl,
      path: "/api/v2/authorizations",
      authorization: `Token ${secret}`,
      credentialName: "stack config influxdb:token",
    }).catch((e: unknown) => e)) as InfluxApiError;
    expect(error.status).toBe(status);
    expect(error.message).toContain("Credential used: stack config influxdb:token; its value is never shown");
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("falls back to a generic name when the caller did not say", () => {
    expect(describeAccessDenied(401, "nope")).toMatch(/configured API credential.*did not accept it/);
  });
});
