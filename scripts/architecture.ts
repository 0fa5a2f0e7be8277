/**
 * The shape of the code, measured: files and lines per folder, the import graph's cycles, the
 * modules that more than one resource folder imports, and `as unknown as` casts.
 *
 *   npm run architecture            a report
 *   npm run architecture -- --json  the same as JSON
 *
 * test/unit/architecture.test.ts holds the code to the rules this reports on.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "..");
const SOURCE_FOLDERS = ["provider", "sdk", "cli", "emulator"];
const GENERATED = new Set(["sdk/nodejs", "sdk/python", "sdk/go"]);
/** `require("pulumi-influxdb-tokens/provider")` and the like: the package by its public name. */
const SELF = "pulumi-influxdb-tokens";

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      // The provider plugin's generated SDKs are not code of ours.
      if (GENERATED.has(path.relative(ROOT, full))) continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path.relative(ROOT, full));
    }
  };
  walk(path.join(ROOT, folder));
  return out.sort();
}

/** The package's subpaths (`exports` of package.json), as source files: `./registry` -> provider/registry. */
const SUBPATHS: Record<string, string> = Object.fromEntries(
  Object.entries(
    JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).exports as Record<
      string,
      { default?: string }
    >,
  )
    .filter(([subpath, target]) => !subpath.includes("*") && target.default?.startsWith("./dist/"))
    .map(([subpath, target]) => [
      subpath === "." ? SELF : `${SELF}/${subpath.slice(2)}`,
      (target.default as string).slice("./dist/".length).replace(/\.js$/, ""),
    ]),
);

function resolveImport(from: string, spec: string, files: Set<string>): string | undefined {
  let base: string;
  if (spec.startsWith(".")) base = path.join(path.dirname(from), spec);
  else if (SUBPATHS[spec] !== undefined) base = SUBPATHS[spec] as string;
  else if (spec.startsWith(`${SELF}/dist/`)) base = spec.slice(`${SELF}/dist/`.length);
  else return undefined;
  base = base.replace(/\.js$/, "");
  for (const candidate of [`${base}.ts`, path.join(base, "index.ts")])
    if (files.has(candidate)) return candidate;
  return undefined;
}

export interface Graph {
  files: string[];
  edges: Map<string, string[]>;
}

export function importGraph(folders = SOURCE_FOLDERS): Graph {
  const files = folders.flatMap(sourceFiles);
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    const info = ts.preProcessFile(text, true, true);
    const specs = info.importedFiles.map((f) => f.fileName);
    // `require("…")` inside functions (the serialized providers) is not seen by preProcessFile.
    const code = text.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "");
    for (const match of code.matchAll(/require\("([^"]+)"\)/g)) specs.push(match[1] as string);
    const targets = new Set<string>();
    for (const spec of specs) {
      const target = resolveImport(file, spec, known);
      if (target !== undefined && target !== file) targets.add(target);
    }
    edges.set(file, [...targets].sort());
  }
  return { files, edges };
}

/** Strongly connected components with more than one file: each is an import cycle. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const file of graph.files) if (!indices.has(file)) visit(file);
  return out;
}

/** Folders whose subfolders are the units (one resource family, one API client each). */
const GROUPS = new Set(["provider/resources", "provider/clients"]);

/** The folder a file belongs to: `provider/<folder>`, `provider/resources/<family>`, or its top folder. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] !== "provider" || parts.length <= 2) return parts[0] as string;
  const folder = `provider/${parts[1]}`;
  return GROUPS.has(folder) && parts.length > 3 ? `${folder}/${parts[2]}` : folder;
}

export function linesPerFolder(files: string[]): Record<string, { files: number; lines: number }> {
  const out: Record<string, { files: number; lines: number }> = {};
  for (const file of files) {
    const folder = folderOf(file);
    const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n").length;
    out[folder] ??= { files: 0, lines: 0 };
    out[folder].files++;
    out[folder].lines += lines;
  }
  return out;
}

/** Modules that files of more than one of `resourceFolders` import directly. */
export function sharedByResources(graph: Graph, resourceFolders: string[]): Record<string, string[]> {
  const importers = new Map<string, Set<string>>();
  for (const [file, targets] of graph.edges) {
    const folder = folderOf(file);
    if (!resourceFolders.includes(folder)) continue;
    for (const target of targets) {
      if (folderOf(target) === folder) continue;
      if (!importers.has(target)) importers.set(target, new Set());
      importers.get(target)?.add(folder);
    }
  }
  return Object.fromEntries(
    [...importers].filter(([, folders]) => folders.size > 1).map(([m, folders]) => [m, [...folders].sort()]),
  );
}

export function countCasts(files: string[]): number {
  return files.reduce(
    (n, file) => n + (readFileSync(path.join(ROOT, file), "utf8").match(/as unknown as/g)?.length ?? 0),
    0,
  );
}

export function report() {
  const graph = importGraph();
  const providerFiles = graph.files.filter((f) => f.startsWith("provider/"));
  const resourceFolders = [...new Set(providerFiles.map(folderOf))].filter(isResourceFolder).sort();
  return {
    linesPerFolder: linesPerFolder(graph.files),
    cycles: cycles(graph),
    sharedByResources: sharedByResources(graph, resourceFolders),
    resourceFolders,
    asUnknownAsInProvider: countCasts(providerFiles),
  };
}

/** The folders that hold one resource family each (the old layout's three, or provider/resources/*). */
export function isResourceFolder(folder: string): boolean {
  return (
    folder.startsWith("provider/resources/") ||
    ["provider/authorization", "provider/database-token", "provider/influxdb3"].includes(folder)
  );
}

if (require.main === module) {
  const r = report();
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify(r, null, 2));
  } else {
    console.log("files and lines per folder:");
    for (const [folder, { files, lines }] of Object.entries(r.linesPerFolder)) {
      console.log(
        `  ${folder.padEnd(28)} ${String(files).padStart(3)} files ${String(lines).padStart(6)} lines`,
      );
    }
    console.log(`import cycles: ${r.cycles.length}`);
    for (const cycle of r.cycles) console.log(`  ${cycle.length} files: ${cycle.join(" -> ")}`);
    const shared = Object.entries(r.sharedByResources);
    console.log(
      `modules imported by more than one resource folder (${r.resourceFolders.join(", ")}): ${shared.length}`,
    );
    for (const [module, folders] of shared) console.log(`  ${module} <- ${folders.join(", ")}`);
    console.log(`"as unknown as" casts in provider/: ${r.asUnknownAsInProvider}`);
  }
}
