#!/usr/bin/env bash
# Generates the Python, Go and Node.js SDKs of the provider plugin (sdk/python, sdk/go,
# sdk/nodejs) from the package schema, with the code generators of pulumi/pkg that
# scripts/setup-languages.sh builds (tools/sdkgen). The SDKs are committed;
# test/integration/languages/sdks.test.ts fails when they differ from what this writes.
#   npm run generate:sdks            write sdk/{python,go,nodejs}
#   bash scripts/generate-language-sdks.sh <out>   write <out>/{python,go,nodejs} instead
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/sdk}
sdkgen=$(bash "$repo/scripts/setup-languages.sh" | sed -n 's/^SDKGEN=//p')
[[ -x $sdkgen ]] || { echo "generate-language-sdks: sdkgen was not built (npm run setup:languages)" >&2; exit 1; }
"$sdkgen" --schema "$repo/provider/plugin/schema.json" --out "$out" --languages python,go,nodejs >&2
echo "$out"
