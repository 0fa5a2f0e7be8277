/** What the one call helper adds to every request of a client, for each of the three APIs. */
import { describe, expect, it } from "vitest";
import { influxdb3Client } from "../../../../provider/clients/influxdb3/client";
import { managementClient } from "../../../../provider/clients/management/client";
import { v2Client } from "../../../../provider/clients/v2/client";
import type { Transport } from "../../../../provider/config";
import type { RequestFn, RequestOptions } from "../../../../provider/http";

const transport: Transport = {
  retry: { maxAttempts: 2, maxElapsedMs: 5_000 },
  tls: { ca: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", skipVerify: false },
  credentialName: "stack config influxdb:token",
};

/** A fake server that records what each request was sent with and answers `body`. */
function recorder(body: unknown) {
  const sent: RequestOptions[] = [];
  const send: RequestFn = async (options) => {
    sent.push(options);
    return { status: 200, headers: {}, body };
  };
  return { sent, send };
}

const AUTHORIZATION = { id: "0a1b2c3d4e5f6071", orgID: "o", status: "active", permissions: [] };

describe("every client's requests carry the connection's header, transport and secrets", () => {
  it("v2: `Token`, the retry budget, the TLS trust and the credential's setting name", async () => {
    const { sent, send } = recorder(AUTHORIZATION);
    await v2Client({ url: "https://v2.example.com", token: "v2-secret", transport }, send).getAuthorization(
      "a",
    );
    expect(sent[0]).toMatchObject({
      method: "GET",
      baseUrl: "https://v2.example.com",
      authorization: "Token v2-secret",
      retry: transport.retry,
      tls: transport.tls,
      credentialName: "stack config influxdb:token",
    });
    expect(sent[0]?.secrets).toContain("v2-secret");
  });

  it("management: `Bearer` and the same transport", async () => {
    const { sent, send } = recorder({ id: "t", description: "d", permissions: [], createdAt: "x" });
    await managementClient(
      { url: "https://cluster.example.com", token: "m-secret", transport },
      send,
    ).getToken("t");
    expect(sent[0]).toMatchObject({
      authorization: "Bearer m-secret",
      retry: transport.retry,
      tls: transport.tls,
      credentialName: "stack config influxdb:token",
    });
  });

  it("InfluxDB 3: `Bearer` and the same transport; another credential is sent unnamed, the bootstrap with none", async () => {
    const { sent, send } = recorder({ token: "apiv3_new" });
    const client = influxdb3Client(
      {
        url: "http://127.0.0.1:8181",
        token: "apiv3_stack",
        transport: { ...transport, credentialName: "x" },
      },
      send,
    );
    await client.createNamedAdminToken("apiv3_stack", "ci", undefined);
    await client.regenerateOperatorToken("apiv3_other");
    await client.createOperatorToken();
    expect(sent.map((options) => [options.authorization, options.credentialName])).toEqual([
      ["Bearer apiv3_stack", "x"],
      // The setting's name is true of the connection's token only.
      ["Bearer apiv3_other", undefined],
      ["", undefined],
    ]);
    for (const options of sent) {
      expect(options).toMatchObject({ retry: transport.retry, tls: transport.tls });
      expect(options.secrets).toContain("apiv3_stack");
    }
    expect(sent[1]?.secrets).toContain("apiv3_other");
  });

  it("a connection without a transport (built by hand) sends none: the defaults apply", async () => {
    const { sent, send } = recorder(AUTHORIZATION);
    await v2Client({ url: "http://127.0.0.1:8086", token: "t0ken" }, send).getAuthorization("a");
    expect(sent[0]?.retry).toBeUndefined();
    expect(sent[0]?.tls).toBeUndefined();
    expect(sent[0]?.credentialName).toBeUndefined();
  });
});
