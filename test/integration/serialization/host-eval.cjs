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
  const texts = input.providers;
  const result = { methods: {}, influxdb3Check: {} };
  for (const [name, text] of Object.entries(texts)) {
    const provider = requireFromString(text).handler();
    result.methods[name] = Object.keys(provider).sort();
  }

  // What refresh, destroy and a no-change diff run must not load zod: the schemas load on the
  // first validation (those provider processes start faster).
  const zodLoaded = () =>
    Object.keys(require.cache).some((file) => file.includes(`${path.sep}zod${path.sep}`));
  const unvalidated = await load(texts.authorizationProvider);
  const absent = "0fffffffffffffff";
  result.readOfAbsent = await unvalidated.read(absent, {});
  await unvalidated.diff(
    absent,
    { description: "a", permissions: [] },
    { description: "b", permissions: [] },
  );
  await unvalidated.delete(absent, {});
  result.zodLoadedBeforeValidation = zodLoaded();
  await unvalidated.check({}, { description: "x", permissions: [] });
  result.zodLoadedByValidation = zodLoaded();

  // The Authorization flow, with the provider as stored now and as stored before the providers became module references
  // (state written then keeps the old text; it must keep working, with no migration).
  const authFlow = async (text) => {
    const auth = await load(text);
    const out = {};
    const authInputs = {
      __provider: text,
      description: "serialized",
      permissions: [{ action: "write", resource: { type: "buckets", name: "telemetry" } }],
    };
    out.authCheck = await auth.check({}, authInputs);
    const created = await auth.create(authInputs);
    out.authCreated = { id: created.id, outs: created.outs };
    out.authRead = await auth.read(created.id, created.outs);
    out.authDiff = await auth.diff(created.id, created.outs, { ...authInputs, __provider: "changed code" });
    await auth.delete(created.id, created.outs);
    out.authReadAfterDelete = await auth.read(created.id, created.outs);
    return out;
  };
  Object.assign(result, await authFlow(texts.authorizationProvider));
  result.legacy = await authFlow(texts.legacyAuthorizationProvider);
  result.provider010 = await authFlow(texts.provider010);

  const db = await load(texts.databaseTokenProvider);
  const dbInputs = { description: "serialized", permissions: [{ action: "read", resource: "sensors" }] };
  result.dbCheck = await db.check({}, dbInputs);
  const token = await db.create(dbInputs);
  result.dbCreated = { id: token.id, outs: token.outs };
  await db.delete(token.id, token.outs);
  result.dbReadAfterDelete = await db.read(token.id, token.outs);

  // The get providers: a read of an unknown ID fails, through the installed module.
  const readError = async (name, id) => {
    const provider = await load(texts[name]);
    return provider.read(id, {}).then(
      () => "no error",
      (error) => String(error?.message),
    );
  };
  result.authGetUnknown = await readError("authorizationReadProvider", "0fffffffffffffff");
  result.dbGetUnknown = await readError("databaseTokenReadProvider", "11111111-1111-4111-8111-111111111111");

  // InfluxDB 3 Core/Enterprise providers: check needs no server; it reaches the installed hooks.
  for (const name of ["operatorTokenProvider", "adminTokenProvider", "resourceTokenProvider"]) {
    const provider = await load(texts[name]);
    result.influxdb3Check[name] = await provider.check({}, { name: 42 });
  }

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
