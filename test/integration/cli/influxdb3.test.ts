/**
 * The audit CLI lists InfluxDB 3 Core/Enterprise tokens from an emulated Enterprise
 * server: names, permissions and expiry, never a token value or hash.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { EXIT, type Io, main } from "../../../cli/main";
import { type Influxdb3Emulator, startInfluxdb3Emulator } from "../../../emulator";

let server: Influxdb3Emulator;
let operator: string;
let writer: string;

async function call(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, unknown>;
}

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const io: Io = { out: (t) => (stdout += t), err: (t) => (stderr += t), env };
  // The library reads INFLUXDB3_* through process.env, as the real CLI does.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return { code: await main(argv, io), stdout, stderr };
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

beforeAll(async () => {
  server = await startInfluxdb3Emulator({ edition: "enterprise", databases: ["sensors"] });
  operator = (await call("/api/v3/configure/token/admin", {})).token as string;
  writer = (
    await call(
      "/api/v3/enterprise/configure/token",
      {
        token_name: "telegraf",
        permissions: [{ resource_type: "db", resource_names: ["sensors"], actions: ["write"] }],
      },
      operator,
    )
  ).token as string;
});

afterAll(async () => {
  await server?.close();
});

it("lists every token as a table and as JSON, without token values", async () => {
  const env = { INFLUXDB3_HOST_URL: server.url, INFLUXDB3_AUTH_TOKEN: operator };
  const table = await run(["list-influxdb3-tokens"], env);
  expect(table.code).toBe(EXIT.ok);
  expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+EXPIRY\s+PERMISSIONS/);
  expect(table.stdout).toContain("_admin");
  expect(table.stdout).toMatch(/telegraf.*db:sensors:write/);

  const json = await run(["list-influxdb3-tokens", "--json"], env);
  const list = JSON.parse(json.stdout) as { name: string; hash?: string }[];
  expect(list.map((t) => t.name)).toEqual(["_admin", "telegraf"]);
  expect(list.every((t) => t.hash === undefined)).toBe(true);
  for (const secret of [operator, writer]) expect(table.stdout + json.stdout).not.toContain(secret);
});

it("fails with exit code 2 and the variable to set when no server is configured", async () => {
  const saved = process.env.INFLUXDB3_HOST_URL;
  delete process.env.INFLUXDB3_HOST_URL;
  try {
    const result = await run(["list-influxdb3-tokens"], {});
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain("INFLUXDB3_HOST_URL");
  } finally {
    if (saved !== undefined) process.env.INFLUXDB3_HOST_URL = saved;
  }
});
