/**
 * The committed Python, Go and Node.js SDKs (sdk/python, sdk/go, sdk/nodejs) are what the code
 * generators make from the committed package schema (provider/plugin/schema.json) today: a
 * schema change without `npm run generate:sdks` fails here, naming the files that differ.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";

const repo = path.resolve(__dirname, "..", "..", "..");
const out = mkdtempSync(path.join(tmpdir(), "sdks-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(root: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        // What `pip install` of the folder leaves behind is not part of the SDK.
        if (name !== "build" && !name.endsWith(".egg-info") && name !== "node_modules") walk(full);
      } else found.set(path.relative(root, full), readFileSync(full, "utf8"));
    }
  };
  walk(root);
  return found;
}

it("sdk/python, sdk/go and sdk/nodejs match the package schema", () => {
  execFileSync("bash", [path.join(repo, "scripts", "generate-language-sdks.sh"), out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  for (const language of ["python", "go", "nodejs"]) {
    const generated = files(path.join(out, language));
    const committed = files(path.join(repo, "sdk", language));
    expect(generated.size, `${language}: files generated`).toBeGreaterThan(5);
    const differ = [...new Set([...generated.keys(), ...committed.keys()])].filter(
      (file) => generated.get(file) !== committed.get(file),
    );
    expect(differ, `sdk/${language} is stale: run npm run generate:sdks`).toEqual([]);
  }
}, 120_000);
