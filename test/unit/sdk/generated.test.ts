import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedFiles, ROOT, SCHEMA_FILE, staleFiles } from "../../../scripts/generate-sdk-types";

/**
 * The SDK's Args types and key lists (sdk/generated/) and the package schema
 * (provider/plugin/schema.json) are written by scripts/generate-sdk-types.ts from the input
 * declarations. Committed copies that differ from a fresh generation fail here: after changing a
 * schema, run `npm run generate`.
 */
let files: Record<string, string>;

beforeAll(() => {
  files = generatedFiles();
}, 120_000);

describe("generated files", () => {
  it("are what scripts/generate-sdk-types.ts writes now (run `npm run generate` when this fails)", () => {
    expect(Object.keys(files).sort()).toEqual([
      SCHEMA_FILE,
      "sdk/generated/authorization-args.ts",
      "sdk/generated/database-token-args.ts",
      "sdk/generated/influxdb3-args.ts",
      "sdk/generated/user-args.ts",
    ]);
    expect(staleFiles(files)).toEqual([]);
  });

  it("document every field of every generated Args interface", () => {
    for (const [file, text] of Object.entries(files)) {
      if (!file.endsWith(".ts")) continue;
      const lines = text.split("\n");
      lines.forEach((line, index) => {
        // A field (`  name?: pulumi.Input<...>;`) right after the end of its TSDoc.
        if (/^ {2}\w+\??: pulumi\.Input</.test(line))
          expect(lines[index - 1], `${file}:${index + 1}`).toMatch(/\*\/$/);
        if (/^export (interface|type|const) /.test(line)) {
          expect(lines[index - 1], `${file}:${index + 1}`).toMatch(/\*\/$/);
        }
      });
    }
  });
});

describe("the package schema", () => {
  const schema = () => JSON.parse(files[SCHEMA_FILE] as string);
  const resource = (name: string) => schema().resources[`influxdb-tokens:index:${name}`];

  it("names the package and its resources", () => {
    expect(schema().name).toBe("influxdb-tokens");
    expect(Object.keys(schema().resources).sort()).toEqual(
      [
        "AdminToken",
        "Authorization",
        "DatabaseToken",
        "OfflineTokens",
        "OperatorToken",
        "ResourceToken",
        "User",
      ].map((name) => `influxdb-tokens:index:${name}`),
    );
    expect(schema().version).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
    expect(schema().language.go.importBasePath).toMatch(/^[\w.-]+\/[\w./-]+\/influxdbtokens$/);
    expect(schema().language.python.packageName).toBe("pulumi_influxdb_tokens");
  });

  it("marks token outputs and credential inputs secret", () => {
    expect(resource("Authorization").properties.token.secret).toBe(true);
    expect(resource("Authorization").properties.connection.secret).toBe(true);
    expect(resource("DatabaseToken").properties.accessToken.secret).toBe(true);
    expect(resource("OperatorToken").properties.existingToken.secret).toBe(true);
    expect(resource("Authorization").inputProperties.adoptedToken.secret).toBe(true);
    expect(resource("DatabaseToken").inputProperties.waitForActivation.secret).toBe(true);
    expect(resource("User").inputProperties.password.secret).toBe(true);
    expect(resource("User").properties.password.secret).toBe(true);
    expect(resource("User").properties.connection.secret).toBe(true);
    for (const name of ["Authorization", "DatabaseToken", "OperatorToken", "AdminToken", "ResourceToken"]) {
      expect(resource(name).inputProperties.connection.secret, name).toBe(true);
      expect(resource(name).properties.createdAt.secret, name).toBeUndefined();
    }
    expect(schema().config.variables.token.secret).toBe(true);
    expect(schema().config.variables.url.secret).toBeUndefined();
  });

  it("replaces on the properties whose change replaces, and on no other", () => {
    const replacing = (name: string) =>
      Object.entries(resource(name).inputProperties as Record<string, { replaceOnChanges?: boolean }>)
        .filter(([, spec]) => spec.replaceOnChanges === true)
        .map(([key]) => key);
    expect(replacing("Authorization")).toEqual(["org", "orgId", "user", "userId", "permissions"]);
    expect(replacing("DatabaseToken")).toEqual(["permissions", "expiresAt"]);
    expect(replacing("OperatorToken")).toEqual([]);
    expect(replacing("AdminToken")).toEqual(["name", "expiresIn"]);
    expect(replacing("ResourceToken")).toEqual(["name", "expiresIn", "permissions"]);
    expect(replacing("User")).toEqual([]);
    const type = (name: string) => schema().types[`influxdb-tokens:index:${name}`];
    expect(type("AuthorizationConnection").properties.url.replaceOnChanges).toBe(true);
    expect(type("AuthorizationConnection").properties.token.replaceOnChanges).toBeUndefined();
    expect(type("AuthorizationConnection").properties.token.secret).toBe(true);
    expect(type("DatabaseTokenConnection").properties.clusterId.replaceOnChanges).toBe(true);
  });

  it("lists the 22 grantable v2 resource types once, without instance", () => {
    const values = schema().types["influxdb-tokens:index:AuthorizationResourceType"].enum.map(
      (e: { value: string }) => e.value,
    );
    expect(values).toHaveLength(22);
    expect(values).not.toContain("instance");
  });

  it("has a configuration variable for every influxdb:* setting", () => {
    expect(Object.keys(schema().config.variables)).toEqual(
      expect.arrayContaining([
        "url",
        "token",
        "org",
        "orgId",
        "managementUrl",
        "managementToken",
        "accountId",
        "clusterId",
        "influxdb3Url",
        "influxdb3Token",
        "caCert",
        "skipTlsVerify",
        "retryMaxAttempts",
        "retryMaxElapsedSeconds",
      ]),
    );
    expect(schema().config.variables.skipTlsVerify.type).toBe("boolean");
    expect(schema().config.variables.url.defaultInfo.environment).toEqual(["INFLUX_HOST"]);
    expect(schema().provider.inputProperties).toEqual(schema().config.variables);
  });
});

describe("the SDK at run time", () => {
  it("registers resources without loading zod (the key lists are plain data)", () => {
    const script =
      'require("./sdk/index.ts"); const loaded = Object.keys(require.cache);' +
      "process.stdout.write(JSON.stringify(loaded.filter((f) => /[\\\\/]zod[\\\\/]/.test(f)).length));";
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("0");
  });
});
