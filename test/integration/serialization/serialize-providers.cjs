// Runs in a folder where pulumi-influxdb-tokens is installed from its tarball. Serializes both
// provider objects exactly as @pulumi/pulumi/dynamic does for `__provider`
// (serializeFunction(() => provider, { allowSecrets: true })) and prints the texts as JSON.
// Credentials are present in the environment and in configure() state while serializing, to
// prove that none of them is captured.
const pulumi = require("@pulumi/pulumi");
const provider = require("pulumi-influxdb-tokens/provider");

async function main() {
  await provider.configure({
    config: { get: (key) => ({ "influxdb:token": process.env.INFLUX_TOKEN })[key] },
  });
  const out = {};
  for (const name of ["authorizationProvider", "databaseTokenProvider"]) {
    const provided = provider[name];
    const serialized = await pulumi.runtime.serializeFunction(() => provided, { allowSecrets: true });
    out[name] = { text: serialized.text, containsSecrets: serialized.containsSecrets };
  }
  out.resolvedFrom = require.resolve("pulumi-influxdb-tokens/provider");
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
