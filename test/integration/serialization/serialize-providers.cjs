// Runs in a folder where pulumi-influxdb-tokens is installed from its tarball. Serializes every
// provider object the SDK classes pass to Pulumi exactly as @pulumi/pulumi/dynamic does for
// `__provider` (serializeFunction(() => provider, { allowSecrets: true })) and prints the texts
// as JSON, with the file each text's `require(...)` resolves to from this folder (the host's cwd).
// Credentials are present in the environment and in configure() state while serializing, to
// prove that none of them is captured.
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const pkg = require("pulumi-influxdb-tokens/provider");

/**
 * What 0.1.0 stored: every method a one-line `require` of the package's provider subpath and its
 * `hooks` export (provider/index.ts keeps those as views of the registry).
 */
const provider010 = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").hooks.configure(req),
  check: (olds, news) => require("pulumi-influxdb-tokens/provider").hooks.authorization.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.authorization.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").hooks.authorization.create(inputs),
  read: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.authorization.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.authorization.update(id, olds, news),
  delete: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.authorization.delete(id, props),
};

async function main() {
  await pkg.configure({
    config: { get: (key) => ({ "influxdb:token": process.env.INFLUX_TOKEN })[key] },
  });
  const objects = {
    authorizationProvider: pkg.authorizationProvider,
    databaseTokenProvider: pkg.databaseTokenProvider,
    operatorTokenProvider: pkg.operatorTokenProvider,
    adminTokenProvider: pkg.adminTokenProvider,
    resourceTokenProvider: pkg.resourceTokenProvider,
    authorizationReadProvider: pkg.authorizationReadProvider,
    databaseTokenReadProvider: pkg.databaseTokenReadProvider,
    // What was stored before the providers became module references: the same methods, serialized one by one because the object
    // was not a module's exports. Stacks made then keep this text until the resource changes.
    legacyAuthorizationProvider: { ...pkg.authorizationProvider },
    provider010,
  };
  const out = { providers: {} };
  // Named `provider` as in @pulumi/pulumi/dynamic: the captured name is part of the text.
  for (const [name, provider] of Object.entries(objects)) {
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const required = [...serialized.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    out.providers[name] = {
      text: serialized.text,
      containsSecrets: serialized.containsSecrets,
      requires: Object.fromEntries(
        required.map((id) => [id, require.resolve(id, { paths: [process.cwd()] })]),
      ),
    };
  }
  out.resolvedFrom = require.resolve("pulumi-influxdb-tokens/provider");
  // Whether @pulumi/pulumi's closure serializer can find this package's package.json (it looks
  // from its own real path): in the tests' layout @pulumi is a symlink into the repository, so
  // not, unless run with --preserve-symlinks as a user's own install would be.
  try {
    require.resolve("pulumi-influxdb-tokens", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] });
    out.serializerFindsPackageJson = true;
  } catch {
    out.serializerFindsPackageJson = false;
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
