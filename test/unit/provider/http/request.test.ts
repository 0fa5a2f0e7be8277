import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeHttpAgent, InfluxApiError, request } from "../../../../provider/http";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, _body, res) => res.end();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeHttpAgent();
  await new Promise((resolve) => server.close(resolve));
});

describe("request", () => {
  it("sends the credential, JSON body and query, and parses the JSON answer", async () => {
    let seen: { auth?: string; url?: string; type?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { auth: req.headers.authorization, url: req.url, type: req.headers["content-type"], body };
      res.writeHead(201, { "content-type": "application/json" }).end('{"id":"x"}');
    };
    const response = await request({
      method: "POST",
      baseUrl: `${baseUrl}/`,
      path: "/api/v2/authorizations",
      query: { org: "my org", skip: undefined },
      body: { a: 1 },
      authorization: "Token t0k",
    });
    expect(response).toMatchObject({ status: 201, body: { id: "x" } });
    expect(seen).toEqual({
      auth: "Token t0k",
      url: "/api/v2/authorizations?org=my+org",
      type: "application/json",
      body: '{"a":1}',
    });
  });

  it("answers undefined for an empty 204", async () => {
    handler = (_req, _body, res) => res.writeHead(204).end();
    const response = await request({ method: "DELETE", baseUrl, path: "/x", authorization: "Token t" });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
  });

  it("turns a v2 error body into InfluxApiError with the string code", async () => {
    handler = (_req, _body, res) =>
      res
        .writeHead(400, { "content-type": "application/json", "retry-after": "3" })
        .end('{"code":"invalid","message":"id must have a length of 16 bytes"}');
    const error = await request({
      method: "GET",
      baseUrl,
      path: "/api/v2/authorizations/abc",
      authorization: "Token t",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfluxApiError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid",
      apiMessage: "id must have a length of 16 bytes",
      path: "/api/v2/authorizations/abc",
      retryAfter: "3",
    });
  });

  it("keeps a short excerpt of a non-JSON error and never the credential it echoes", async () => {
    handler = (req, _body, res) =>
      res.writeHead(502).end(`<html>bad gateway for ${req.headers.authorization}</html>`);
    const error = (await request({
      method: "GET",
      baseUrl,
      path: "/x",
      authorization: "Bearer very-secret-1",
    }).catch((e: unknown) => e)) as InfluxApiError;
    expect(error.status).toBe(502);
    expect(error.message).toContain("bad gateway");
    expect(error.message).not.toContain("very-secret-1");
  });

  it("reports a refused connection without status and with its cause", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await request({
      method: "GET",
      baseUrl: `http://127.0.0.1:${port}`,
      path: "/x",
      authorization: "Token t",
    }).catch((e: unknown) => e)) as InfluxApiError;
    expect(error).toBeInstanceOf(InfluxApiError);
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("times out when the headers never come", async () => {
    handler = () => {
      /* never answer */
    };
    const error = (await request({
      method: "GET",
      baseUrl,
      path: "/slow",
      authorization: "Token t",
      timeouts: { headersMs: 100 },
    }).catch((e: unknown) => e)) as InfluxApiError;
    expect(error).toBeInstanceOf(InfluxApiError);
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/timeout/i);
  });
});
