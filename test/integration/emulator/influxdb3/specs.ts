import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import type { Edition } from "../../../../emulator/influxdb3";

const repoRoot = path.resolve(__dirname, "..", "..", "..", "..");

/** The shared spec folder (never copied into the repo); INFLUXDB_API_SPECS overrides it. */
export const specsDir =
  process.env["INFLUXDB_API_SPECS"] ?? path.resolve(repoRoot, "..", "shared", "influxdb-api");

// No InfluxDB 3 Cloud file in the shared folder: cloud mode is checked by its own tests.
const SPEC_FILES: Record<Exclude<Edition, "cloud">, string> = {
  core: "influxdata-docs-v2/api-docs/influxdb3/core/influxdb3-core-openapi.yaml",
  enterprise: "influxdata-docs-v2/api-docs/influxdb3/enterprise/influxdb3-enterprise-openapi.yaml",
};

export function specPath(edition: Edition): string {
  if (edition === "cloud") throw new Error("the shared folder holds no InfluxDB 3 Cloud OpenAPI file");
  return path.join(specsDir, SPEC_FILES[edition]);
}

export function specsAvailable(): boolean {
  const ok = existsSync(specPath("core")) && existsSync(specPath("enterprise"));
  if (!ok) {
    console.warn(
      `\n*** SKIPPING InfluxDB 3 contract tests: OpenAPI files not found under ${specsDir}. ` +
        "Set INFLUXDB_API_SPECS to the folder holding influxdata-docs-v2/api-docs/influxdb3/. ***\n",
    );
  }
  return ok;
}

type Json = Record<string, unknown>;

export interface SpecResponse {
  /** media type -> JSON schema (refs resolved) */
  content: Record<string, unknown>;
}

/** One OpenAPI file: its operations' documented responses, and a validator for their schemas. */
export class OpenApiSpec {
  private readonly doc: Json;
  private readonly ajv = new Ajv({ strict: false, allErrors: true });

  constructor(file: string) {
    this.doc = parse(readFileSync(file, "utf8")) as Json;
    addFormats(this.ajv);
  }

  /** Documented responses of `method path`, or undefined when the spec has no such operation. */
  responses(method: string, path: string): Record<string, SpecResponse> | undefined {
    const paths = this.doc["paths"] as Record<string, Json>;
    const operation = paths[path]?.[method.toLowerCase()] as Json | undefined;
    if (!operation) return undefined;
    const out: Record<string, SpecResponse> = {};
    for (const [status, raw] of Object.entries(operation["responses"] as Json)) {
      const response = this.resolve(raw) as Json;
      const content: Record<string, unknown> = {};
      for (const [mediaType, media] of Object.entries((response["content"] ?? {}) as Json)) {
        content[mediaType] = this.resolve((media as Json)["schema"] ?? {});
      }
      out[status] = { content };
    }
    return out;
  }

  /** Validates `value` against a schema; returns the error text or undefined. */
  validate(schema: unknown, value: unknown): string | undefined {
    const validator = this.ajv.compile(schema as object);
    return validator(value) ? undefined : this.ajv.errorsText(validator.errors);
  }

  private resolve(node: unknown, depth = 0): unknown {
    if (depth > 20 || node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map((item) => this.resolve(item, depth + 1));
    const ref = (node as Json)["$ref"];
    if (typeof ref === "string") {
      const target = ref
        .slice(2)
        .split("/")
        .reduce<unknown>((at, key) => (at as Json)[key], this.doc);
      return this.resolve(target, depth + 1);
    }
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, this.resolve(value, depth + 1)]),
    );
  }
}

export interface DifferenceRow {
  id: string;
  method: string;
  path: string;
  status: string;
  kind: "status" | "content-type" | "body" | "note";
}

/** The contract-exceptions table of emulator/influxdb3/DIFFERENCES.md: the one list of differences. */
export function readDifferences(): DifferenceRow[] {
  const markdown = readFileSync(path.join(repoRoot, "emulator", "influxdb3", "DIFFERENCES.md"), "utf8");
  const section = markdown.split("## Contract exceptions")[1]?.split("\n## ")[0] ?? "";
  const rows: DifferenceRow[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    if (cells.length < 8 || cells[1] === "id" || cells[1]?.startsWith("---")) continue;
    const [, id, method, rowPath, status, kind] = cells as [string, string, string, string, string, string];
    if (!["status", "content-type", "body", "note"].includes(kind))
      throw new Error(`DIFFERENCES.md ${id}: bad kind ${kind}`);
    rows.push({ id, method, path: rowPath, status, kind: kind as DifferenceRow["kind"] });
  }
  return rows;
}
