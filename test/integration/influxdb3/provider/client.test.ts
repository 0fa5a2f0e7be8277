import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Edition } from "../../../../emulator/influxdb3";
import { closeHttpAgent, InfluxApiError } from "../../../../provider/http";
import { influxdb3Client, sqlString } from "../../../../provider/resources/influxdb3";
import { startServer } from "../../provider/resources/influxdb3/harness";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

describe.each(["core", "enterprise"] as Edition[])(
  "the InfluxDB 3 client against the %s emulator",
  (edition) => {
    it("lists every token (for an audit) and finds one by a name that needs SQL quoting", async () => {
      const server = await startServer(edition, cleanups);
      const client = influxdb3Client({ url: server.url, token: server.operator });
      await client.createNamedAdminToken(server.operator, "it's ops", 3600);
      const rows = await client.listTokens(server.operator);
      expect(rows.map((row) => [row.token_id, row.name, row.permissions])).toEqual([
        [0, "_admin", "*:*:*"],
        [1, "it's ops", "*:*:*"],
      ]);
      expect((await client.findToken(server.operator, "it's ops"))?.expiry).toEqual(expect.any(String));
      expect(await client.findToken(server.operator, "' OR '1'='1")).toBeUndefined();
      expect(sqlString("a'b")).toBe("'a''b'");
    });

    it("DELETE of an absent name is `false`, of _admin a 405 error", async () => {
      const server = await startServer(edition, cleanups);
      const client = influxdb3Client({ url: server.url, token: server.operator });
      expect(await client.deleteToken(server.operator, "ghost")).toBe(false);
      const error = await client.deleteToken(server.operator, "_admin").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfluxApiError);
      expect((error as InfluxApiError).status).toBe(405);
      expect(String(error)).not.toContain(server.operator);
    });

    it("ping tells the edition", async () => {
      const server = await startServer(edition, cleanups);
      const client = influxdb3Client({ url: server.url, token: server.operator });
      expect(await client.ping(server.operator)).toEqual({
        build: edition === "core" ? "Core" : "Enterprise",
        version: "3.10.1",
      });
    });
  },
);
