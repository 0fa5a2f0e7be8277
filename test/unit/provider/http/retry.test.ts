import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeHttpAgent,
  type HttpMethod,
  InfluxApiError,
  request,
  withRetry,
} from "../../../../provider/http";
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from "../../../../provider/http/retry";

// A local server answering from a script: one status (and headers) per request, then 200.
let server: Server;
let baseUrl: string;
let script: Array<{ status: number; headers?: Record<string, string> }> = [];
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const step = script[hits++];
    if (step === undefined) {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      return;
    }
    res.writeHead(step.status, { "content-type": "application/json", ...step.headers });
    res.end(JSON.stringify({ code: "unavailable", message: `status ${step.status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeHttpAgent();
  await new Promise((resolve) => server.close(resolve));
});

function run(method: HttpMethod, steps: typeof script) {
  script = steps;
  hits = 0;
  const delays: number[] = [];
  const send = withRetry(request, {
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse("2026-01-01T00:00:00Z"),
  });
  const result = send({ method, baseUrl, path: "/x", authorization: "Token t" });
  return { result, delays, hits: () => hits };
}

describe("withRetry", () => {
  it.each([429, 502, 503, 504])("retries GET on %i and then succeeds", async (status) => {
    const { result, delays, hits } = run("GET", [{ status }, { status }]);
    await expect(result).resolves.toMatchObject({ status: 200 });
    expect(hits()).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])("never retries %i", async (status) => {
    const { result, hits } = run("PATCH", [{ status }]);
    await expect(result).rejects.toMatchObject({ status });
    expect(hits()).toBe(1);
  });

  it.each([
    [429, 2],
    [503, 2],
    [502, 1],
    [504, 1],
  ])("POST on %i makes %i attempt(s): retried only when the server refused it", async (status, attempts) => {
    const { result, hits } = run("POST", [{ status }]);
    if (attempts === 1) await expect(result).rejects.toBeInstanceOf(InfluxApiError);
    else await expect(result).resolves.toMatchObject({ status: 200 });
    expect(hits()).toBe(attempts);
  });

  it("gives up after the configured retries with the last error", async () => {
    const { result, hits } = run("DELETE", [
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
    ]);
    await expect(result).rejects.toMatchObject({ status: 503 });
    expect(hits()).toBe(DEFAULT_RETRY.retries + 1);
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const { result, delays } = run("GET", [
      { status: 429, headers: { "retry-after": "2" } },
      { status: 503, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" } },
    ]);
    await result;
    expect(delays).toEqual([2000, 5000]);
  });

  it("retries a network error on GET but not on POST", async () => {
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise((resolve) => down.close(resolve));
    let attempts = 0;
    const counting = withRetry(
      (options) => {
        attempts++;
        return request(options);
      },
      { sleep: async () => {} },
    );
    await expect(
      counting({ method: "GET", baseUrl: url, path: "/", authorization: "Token t" }),
    ).rejects.toBeInstanceOf(InfluxApiError);
    expect(attempts).toBe(DEFAULT_RETRY.retries + 1);
    attempts = 0;
    await expect(
      counting({ method: "POST", baseUrl: url, path: "/", authorization: "Token t" }),
    ).rejects.toBeInstanceOf(InfluxApiError);
    expect(attempts).toBe(1);
  });
});

describe("backoff", () => {
  it("grows exponentially with jitter and is capped", () => {
    const options = { ...DEFAULT_RETRY, random: () => 1 };
    expect(backoffDelay(0, new Error("x"), options)).toBe(250);
    expect(backoffDelay(1, new Error("x"), options)).toBe(500);
    expect(backoffDelay(10, new Error("x"), options)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffDelay(1, new Error("x"), { ...options, random: () => 0 })).toBe(250);
  });

  it("caps a huge Retry-After and ignores garbage", () => {
    const error = new InfluxApiError({
      method: "GET",
      path: "/",
      status: 429,
      apiMessage: "",
      retryAfter: "86400",
    });
    expect(backoffDelay(0, error, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", 10_000)).toBe(0);
  });
});
