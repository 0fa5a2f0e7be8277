import { afterEach, describe, expect, it } from "vitest";
import {
  engineSink,
  hideSecretsInSdkDebugLog,
  log,
  plural,
  setLogSink,
  withoutSecretValues,
} from "../../../../provider/shared/log";

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

  it("keeps the token ID a notice acts on: IDs are not secrets", () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line.message));
    const notices = [
      "deleted token 0a1b2c3d4e5f6071: an interrupted earlier run created it but never recorded it",
      "deleted token 3f2a9c1e-7b4d-4e8a-9c01-5d6e7f809a1b: an interrupted earlier run created it but never recorded it",
      "deleted token 42 (ci-deploy-read-metrics): an interrupted earlier run created it but never recorded it",
    ];
    for (const notice of notices) log.info(notice);
    expect(lines).toEqual(notices);
  });

  it("plural", () => {
    expect(plural(1, "permission")).toBe("1 permission");
    expect(plural(2, "permission")).toBe("2 permissions");
  });
});

describe("the SDK's debug lines without secret values", () => {
  // What @pulumi/pulumi/runtime/resource.js logs after a registration: the engine's answer as
  // protobuf-js prints it, the token inside its secret envelope (measured with `pulumi up --debug`).
  const token = `${"Xy9_-".repeat(17)}a==`;
  const registered =
    "RegisterResource RPC finished: resource:reader[pulumi-nodejs:dynamic/influxdb:Authorization]; err: null, " +
    "resp: urn:pulumi:dev::p::pulumi-nodejs:dynamic/influxdb:Authorization::reader,0a1b2c3d4e5f6071,__provider,,," +
    "exports.handler = __f0;\n,description,,,d,token,,,,,4dabf18193072939515e22adb298388d,,," +
    `1b47061264138c4ac30d75fd1eb44270,value,,,${token},tokenKnown,,,,true,,`;

  it("drops an answer that holds a secret, keeps what precedes it", () => {
    const shown = withoutSecretValues(registered);
    expect(shown).not.toContain(token);
    expect(shown).toBe(
      "RegisterResource RPC finished: resource:reader[pulumi-nodejs:dynamic/influxdb:Authorization]; err: null, " +
        "resp: [not shown: it holds secret values]",
    );
    expect(withoutSecretValues(`x 1b47061264138c4ac30d75fd1eb44270 ${token}`)).toBe(
      "[not shown: it holds secret values]",
    );
  });

  it("leaves lines without secrets alone", () => {
    const plain =
      "RegisterResource RPC finished: resource:x[t]; err: null, resp: urn:pulumi:dev::p::t::x,,,,";
    expect(withoutSecretValues(plain)).toBe(plain);
  });

  it("wraps the SDK's debug once, passing every other argument on", () => {
    const calls: unknown[][] = [];
    const sdkLog: { debug?: unknown } = { debug: (...args: unknown[]) => calls.push(args) };
    expect(hideSecretsInSdkDebugLog(sdkLog)).toBe(true);
    const wrapped = sdkLog.debug;
    expect(hideSecretsInSdkDebugLog(sdkLog)).toBe(true);
    expect(sdkLog.debug).toBe(wrapped);
    (sdkLog.debug as (...args: unknown[]) => void)(registered, "resource", 3, true);
    (sdkLog.debug as (...args: unknown[]) => void)("Registering resource: t=x", undefined);
    expect(calls).toEqual([
      [withoutSecretValues(registered), "resource", 3, true],
      ["Registering resource: t=x", undefined],
    ]);
    expect(hideSecretsInSdkDebugLog({})).toBe(false);
    expect(hideSecretsInSdkDebugLog(undefined)).toBe(false);
  });

  it("applies to the installed @pulumi/pulumi: its runtime looks debug up on the module", () => {
    const sdkLog = require("@pulumi/pulumi/log");
    expect(hideSecretsInSdkDebugLog(sdkLog)).toBe(true);
    // The SDK's runtime reads `log.debug` from this same module object at each call.
    const resourceJs = require("node:fs").readFileSync(
      require.resolve("@pulumi/pulumi/runtime/resource"),
      "utf8",
    );
    expect(resourceJs).toMatch(
      /log\.debug\(`RegisterResource RPC finished: \$\{label\}; err: \$\{rpcErr\}, resp: \$\{innerResponse\}`\)/,
    );
  });
});
