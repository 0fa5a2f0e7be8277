/**
 * The package schema the plugin serves (GetSchema) and reads its secret outputs and input keys
 * from: provider/plugin/schema.json, generated from the resources' input declarations and shipped
 * in the npm package beside dist/. Read once, at the first call that needs it.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { RESOURCE_NAMES, type ResourceName } from "../registry";
import { PACKAGE } from "./config";

interface SchemaProperty {
  secret?: boolean;
  replaceOnChanges?: boolean;
}
interface SchemaResource {
  inputProperties?: Record<string, SchemaProperty>;
  properties?: Record<string, SchemaProperty>;
}
export interface PackageSchema {
  name?: string;
  version?: string;
  config?: { variables?: Record<string, SchemaProperty> };
  resources?: Record<string, SchemaResource>;
}

export interface LoadedSchema {
  text: string;
  parsed: PackageSchema;
  file: string;
}

/** dist/provider/plugin → ../../../provider/plugin (the package root's copy), or beside the source. */
export function schemaCandidates(dir: string = __dirname): string[] {
  return [
    path.join(dir, "schema.json"),
    path.join(dir, "..", "..", "..", "provider", "plugin", "schema.json"),
  ];
}

let loaded: LoadedSchema | undefined;

export function loadSchema(): LoadedSchema {
  if (loaded) return loaded;
  const file = schemaCandidates().find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new Error(`the package schema is missing: looked for ${schemaCandidates().join(" and ")}`);
  }
  const text = readFileSync(file, "utf8");
  loaded = { text, parsed: JSON.parse(text) as PackageSchema, file };
  return loaded;
}

/** `influxdb-tokens:index:Authorization` → `Authorization`; anything else: undefined. */
export function resourceNameOf(typeToken: string): ResourceName | undefined {
  const prefix = `${PACKAGE}:index:`;
  if (!typeToken.startsWith(prefix)) return undefined;
  const name = typeToken.slice(prefix.length);
  return (RESOURCE_NAMES as readonly string[]).includes(name) ? (name as ResourceName) : undefined;
}

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

function resourceSchema(name: ResourceName): SchemaResource {
  return loadSchema().parsed.resources?.[`${PACKAGE}:index:${name}`] ?? {};
}

/** Output keys marked `secret: true` (the token value and credentials). */
export function secretOutputs(name: ResourceName): Set<string> {
  const properties = resourceSchema(name).properties ?? {};
  return new Set(
    Object.entries(properties)
      .filter(([, spec]) => spec.secret === true)
      .map(([key]) => key),
  );
}

/**
 * Inputs the schema marks `replaceOnChanges`: generated SDKs pass them to the engine, which turns
 * any detailed-diff entry of theirs into a replacement, so the plugin may name them only when the
 * hook replaced them.
 */
export function replaceOnChangesKeys(name: ResourceName): Set<string> {
  return new Set(
    Object.entries(resourceSchema(name).inputProperties ?? {})
      .filter(([, spec]) => spec.replaceOnChanges === true)
      .map(([key]) => key),
  );
}

/** The resource's input keys. */
export function inputKeys(name: ResourceName): string[] {
  return Object.keys(resourceSchema(name).inputProperties ?? {});
}

export function configVariableKeys(): string[] {
  return Object.keys(loadSchema().parsed.config?.variables ?? {});
}
