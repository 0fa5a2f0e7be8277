import { describe, expect, it } from "vitest";
import { startEmulator } from "../../../emulator";

/** Another API (e.g. emulator/influxdb3/) can be mounted next to ours and gets logging and faults. */
describe("extraApps", () => {
  it("serves a mounted app under its prefix, logs its requests and applies faults to it", async () => {
    const e = await startEmulator({
      extraApps: (store) => [
        {
          prefix: "/api/v3",
          handle: async (ctx) => ({
            status: 200,
            headers: { "Content-Type": "text/plain" },
            body: `${ctx.method} ${ctx.path} org=${store.data.orgs[0]?.name}`,
          }),
        },
      ],
    });
    try {
      const r = await fetch(`${e.url}/api/v3/configure/token`);
      expect(r.status).toBe(200);
      expect(await r.text()).toBe("GET /api/v3/configure/token org=my-org");
      expect(e.requestLog().map((x) => [x.path, x.status])).toEqual([["/api/v3/configure/token", 200]]);
      e.setFaults({ rate503: 1, paths: "^/api/v3/" });
      expect((await fetch(`${e.url}/api/v3/configure/token`)).status).toBe(503);
      expect(
        (await fetch(`${e.url}/api/v2/orgs`, { headers: { Authorization: `Token ${e.token}` } })).status,
      ).toBe(200);
    } finally {
      await e.close();
    }
  });
});
