import { afterEach, describe, expect, it } from "vitest";
import { engineSink, log, plural, setLogSink } from "../../../../provider/log";

afterEach(() => setLogSink(undefined));

describe("provider log", () => {
  it("prints nothing outside the dynamic-provider host unless a sink is set", () => {
    expect(engineSink(["node", "/x/vitest.mjs"])).toBeUndefined();
    expect(
      engineSink(["node", "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"]),
    ).toBeUndefined();
  });

  it("inside the host, talks to the engine address it was started with", () => {
    const sink = engineSink([
      "node",
      "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js",
      "127.0.0.1:1",
    ]);
    expect(typeof sink).toBe("function");
  });

  it("redacts the secrets a caller names and token-shaped strings, and never throws", () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(`${line.level}: ${line.message}`));
    const v2Token = `${"A".repeat(86)}==`;
    log.info("created Authorization 0a1b2c3d4e5f6071 for my-org (2 permissions)");
    log.debug(`value s3cr3t-value and ${v2Token} and apiv1_${"b".repeat(64)}`, ["s3cr3t-value"]);
    expect(lines[0]).toBe("info: created Authorization 0a1b2c3d4e5f6071 for my-org (2 permissions)");
    expect(lines[1]).toBe("debug: value [REDACTED] and [REDACTED] and [REDACTED]");
    setLogSink(() => {
      throw new Error("broken sink");
    });
    expect(() => log.warn("still fine")).not.toThrow();
  });

  it("plural", () => {
    expect(plural(1, "permission")).toBe("1 permission");
    expect(plural(2, "permission")).toBe("2 permissions");
  });
});
