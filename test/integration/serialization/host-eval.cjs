// Evaluates serialized providers the way the dynamic-provider host does
// (@pulumi/pulumi/cmd/dynamic-provider/index.js `getProvider`: requireFromString(text).handler(),
// then configure({ config }) once), in a fresh process whose cwd is the program folder, and
// drives the hooks against the emulator. Input: JSON on stdin; output: JSON on stdout.
const path = require("node:path");
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const requireFromString = require(require.resolve("require-from-string", { paths: [pulumiDir] }));
const { Config } = require("@pulumi/pulumi/cmd/dynamic-provider/config");

async function main() {
  const input = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const config = new Config(input.rawConfig, "serialization-test");
  const load = async (text) => {
    const provider = requireFromString(text).handler();
    if (provider.configure) await provider.configure({ config });
    return provider;
  };
  const auth = await load(input.authorizationProvider);
  const db = await load(input.databaseTokenProvider);
  const result = {};

  const authInputs = {
    __provider: input.authorizationProvider,
    description: "serialized",
    permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
  };
  result.authCheck = await auth.check({}, authInputs);
  const created = await auth.create(authInputs);
  result.authCreated = { id: created.id, outs: created.outs };
  result.authRead = await auth.read(created.id, created.outs);
  result.authDiff = await auth.diff(created.id, created.outs, { ...authInputs, __provider: "changed code" });
  await auth.delete(created.id, created.outs);
  result.authReadAfterDelete = await auth.read(created.id, created.outs);

  const dbInputs = { description: "serialized", permissions: [{ action: "read", resource: "sensors" }] };
  result.dbCheck = await db.check({}, dbInputs);
  const token = await db.create(dbInputs);
  result.dbCreated = { id: token.id, outs: token.outs };
  await db.delete(token.id, token.outs);
  result.dbReadAfterDelete = await db.read(token.id, token.outs);

  result.loadedFrom =
    Object.keys(require.cache).find((file) => file.includes("pulumi-influxdb-tokens")) ?? null;
  process.stdout.write(JSON.stringify(result));
  // The keep-alive pool would hold the process for a few seconds.
  await require("pulumi-influxdb-tokens/provider").closeHttpAgent();
}

main().catch((error) => {
  console.error(String(error?.message));
  process.exit(1);
});
