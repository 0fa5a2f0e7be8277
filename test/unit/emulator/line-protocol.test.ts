import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../../emulator";
import { lineProtocolErrors } from "../../../emulator/v2/line-protocol";

describe("line protocol syntax (texts of models.ParsePoints)", () => {
  it.each([
    ["m f=1", undefined],
    ['m,a=1,b=x\\ y f=1,g=-2.5e3,h=true,i=3i,u=4u,s="a, b=c" 1700000000000000000', undefined],
    ["m\\ x,t\\,1=v f=1", undefined],
    ["  m f=1", undefined],
    ["m", "missing fields"],
    [",t=1 f=1", "missing measurement"],
    ["m,t= f=1", "missing tag value"],
    ["m,t f=1", "missing tag value"],
    ["m,=v f=1", "missing tag key"],
    ["m f", "invalid field format"],
    ["m =1", "missing field key"],
    ["m f=", "missing field value"],
    ["m f=1x", "invalid number"],
    ["m f=tru", "invalid boolean"],
    ["m f=abc", "invalid field format"],
    ['m f="x', "unbalanced quotes"],
    ["m f=1 12ab", "bad timestamp"],
  ])("%s => %s", (line, reason) => {
    expect(lineProtocolErrors(line)).toEqual(
      reason ? [`unable to parse '${line.trimStart()}': ${reason}`] : [],
    );
  });

  it("skips blank lines and comments; reports every bad line", () => {
    expect(lineProtocolErrors("# c\n\n\r\nm f=1\r\nbad\nx y")).toEqual([
      "unable to parse 'bad': missing fields",
      "unable to parse 'x y': invalid field format",
    ]);
  });
});

describe("system endpoints and gzip writes", () => {
  it("/health and /ping answer without a token; gzip bodies are decoded", async () => {
    const e = await startEmulator();
    try {
      const health = await fetch(`${e.url}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe("pass");
      expect((await fetch(`${e.url}/ping`)).status).toBe(204);
      const w = await fetch(`${e.url}/api/v2/write?org=my-org&bucket=telemetry`, {
        method: "POST",
        headers: { Authorization: `Token ${e.token}`, "Content-Encoding": "gzip" },
        body: gzipSync("m f=1"),
      });
      expect(w.status).toBe(204);
      const get = await fetch(`${e.url}/api/v2/write`, { headers: { Authorization: `Token ${e.token}` } });
      expect(get.status).toBe(405);
      expect(get.headers.get("allow")).toBe("OPTIONS, POST");
    } finally {
      await e.close();
    }
  });
});
