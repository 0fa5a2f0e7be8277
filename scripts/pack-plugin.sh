#!/usr/bin/env bash
# Builds the self-contained provider plugin tarball
#
#   pulumi-resource-influxdb-tokens-v<version>-linux-amd64.tar.gz
#
# that `pulumi plugin install resource influxdb-tokens <version> --file <tarball>` installs into
# $PULUMI_HOME/plugins, for Python, Go and YAML projects, which have no node_modules of their own.
# Its top level:
#
#   pulumi-resource-influxdb-tokens   the executable: bin/pulumi-resource-influxdb-tokens, with the
#                                     package root being its own folder (same Node >= 22.19 check)
#   package.json                      name, version, exports (the compiled code requires itself by
#                                     name) and the runtime dependencies
#   dist/...                          the compiled files dist/provider/plugin/main.js reaches (the
#                                     static closure of its require() and import() calls, no
#                                     .d.ts, no source maps)
#   provider/plugin/schema.json       the package schema the plugin serves
#   node_modules/                     @pulumi/pulumi, undici, zod and their dependencies, at the
#                                     versions this checkout has installed (npm install --omit=dev
#                                     --prefer-offline in a staging folder: offline on a machine
#                                     whose npm cache holds them, as after npm ci)
#
# No PulumiPlugin.yaml: the engine runs an executable named pulumi-resource-<name> directly.
# The tarball needs Node.js on the machine that runs it, nothing else; its node_modules is plain
# JavaScript, so the linux-amd64 name (the platform the engine asks for here) is only a label.
#
# Usage: scripts/pack-plugin.sh [--out <dir>] [--no-build]
#   --out       where the tarball goes (default: .cache/plugin/ of the checkout)
#   --no-build  use dist/ as it is (default: npm run build first)
# Prints the tarball's path as the last line on stdout; progress goes to stderr.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/.cache/plugin
build=1
while (($#)); do
  case $1 in
    --out)
      out=$2
      shift 2
      ;;
    --no-build)
      build=0
      shift
      ;;
    -h | --help)
      sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "pack-plugin: unknown argument $1" >&2
      exit 2
      ;;
  esac
done

log() { echo "pack-plugin: $*" >&2; }

cd "$repo"
if ((build)); then
  log "npm run build"
  npm run --silent build >&2
fi
[[ -f dist/provider/plugin/main.js ]] || {
  log "ERROR: dist/provider/plugin/main.js is missing (run npm run build, or drop --no-build)"
  exit 1
}
[[ -f provider/plugin/schema.json ]] || {
  log "ERROR: provider/plugin/schema.json is missing"
  exit 1
}

version=$(node -p 'require("./package.json").version')
name=pulumi-resource-influxdb-tokens-v$version-linux-amd64
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# The executable: the package's launcher, with the package root being the folder it lies in.
sed 's|^root=$(cd "$(dirname "$self")/.." \&\& pwd)$|root=$(cd "$(dirname "$self")" \&\& pwd)|' \
  bin/pulumi-resource-influxdb-tokens >"$stage/pulumi-resource-influxdb-tokens"
grep -q '^root=$(cd "$(dirname "$self")" && pwd)$' "$stage/pulumi-resource-influxdb-tokens" || {
  log "ERROR: bin/pulumi-resource-influxdb-tokens no longer sets root=... as this script expects"
  exit 1
}
chmod 755 "$stage/pulumi-resource-influxdb-tokens"

mkdir -p "$stage/provider/plugin"
cp provider/plugin/schema.json "$stage/provider/plugin/schema.json"

# package.json and the compiled closure of the plugin's entry.
STAGE=$stage node - <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const stage = process.env.STAGE;
const pkg = require(path.resolve("package.json"));
const installed = (dep) => require(path.resolve("node_modules", dep, "package.json")).version;
const runtime = ["@pulumi/pulumi", "undici", "zod"];
const manifest = {
  name: pkg.name,
  version: pkg.version,
  description: "The influxdb-tokens Pulumi provider plugin, with its runtime dependencies",
  license: pkg.license,
  private: true,
  type: pkg.type,
  exports: pkg.exports,
  engines: pkg.engines,
  dependencies: Object.fromEntries(runtime.map((dep) => [dep, installed(dep)])),
};
fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

// The static closure of require("...") and import("...") (lazily loaded modules): relative
// specifiers, and the package's own name through its exports.
const self = `${pkg.name}/`;
const exported = (subpath) => {
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === "string" ? target : target.default;
    if (key === `./${subpath}`) return file;
    if (key.includes("*")) {
      const [head, tail] = key.split("*");
      if (`./${subpath}`.startsWith(head) && `./${subpath}`.endsWith(tail)) {
        return file.replace("*", `./${subpath}`.slice(head.length, `./${subpath}`.length - tail.length));
      }
    }
  }
  return undefined;
};
const resolveFile = (base) => [base, `${base}.js`, path.join(base, "index.js")].find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
const seen = new Set();
const queue = [path.resolve("dist/provider/plugin/main.js")];
while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const text = fs.readFileSync(file, "utf8");
  for (const [, spec] of text.matchAll(/(?:require|import)\("([^"]+)"\)/g)) {
    let target;
    if (spec.startsWith(".")) target = resolveFile(path.resolve(path.dirname(file), spec));
    else if (spec.startsWith(self)) {
      const mapped = exported(spec.slice(self.length));
      if (mapped && !mapped.includes("<")) target = resolveFile(path.resolve(mapped));
    }
    if (target) queue.push(target);
  }
}
// Every serialized provider module (required by a pattern, pulumi-influxdb-tokens/dist/provider/serialized/*.js).
for (const name of fs.readdirSync("dist/provider/serialized")) {
  if (name.endsWith(".js")) {
    const file = path.resolve("dist/provider/serialized", name);
    if (!seen.has(file)) queue.push(file);
  }
}
while (queue.length > 0) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/(?:require|import)\("([^"]+)"\)/g)) {
    const target = spec.startsWith(".") ? resolveFile(path.resolve(path.dirname(file), spec)) : undefined;
    if (target) queue.push(target);
  }
}
for (const file of seen) {
  const dest = path.join(stage, path.relative(process.cwd(), file));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.copyFileSync(file, dest);
}
console.error(`pack-plugin: ${seen.size} compiled files`);
EOF

# The runtime dependencies, from the npm cache when it has them. No scripts: none of them needs one
# (the package's allowScripts turns protobufjs's off too).
log "npm install --omit=dev --prefer-offline (@pulumi/pulumi, undici, zod)"
(cd "$stage" && npm install --omit=dev --prefer-offline --ignore-scripts --no-audit --no-fund \
  --no-package-lock --loglevel=error >&2)
for dep in @pulumi/pulumi undici zod; do
  [[ -f $stage/node_modules/$dep/package.json ]] || {
    log "ERROR: $dep is missing from the staged node_modules"
    exit 1
  }
done

tarball=$out/$name.tar.gz
# Top-level entries by name (no leading ./), the executable first.
(cd "$stage" && tar -czf "$tarball.tmp" pulumi-resource-influxdb-tokens package.json dist provider node_modules)
mv "$tarball.tmp" "$tarball"
log "$(du -h "$tarball" | cut -f1) $tarball"
echo "$tarball"
