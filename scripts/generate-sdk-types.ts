/**
 * Writes what derives from the resources' input declarations (the zod schemas in
 * provider/resources/<family>/schema.ts, documented through provider/shared/declaration.ts):
 *
 *   sdk/generated/<family>-args.ts   the SDK's Args interfaces and string unions, with their TSDoc,
 *                                    and each class's key lists (plain data: the SDK never loads zod)
 *   provider/plugin/schema.json      the Pulumi package schema of `influxdb-tokens`
 *
 *   npm run generate              writes them
 *   npm run generate -- --check   writes nothing; exits 1 naming each file that is not current
 *
 * test/unit/sdk/generated.test.ts runs the check in CI, so a schema change that was not followed by
 * `npm run generate` fails there. The outputs of the package schema come from what the provider
 * stores (the `*Outputs` types of provider/resources/<family>/types.ts) and their descriptions from
 * the SDK classes' declared outputs; both are read with the TypeScript compiler, at development
 * time only.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { z } from "zod";
import { SETTINGS, type SettingSpec } from "../provider/config/settings";
import type { ResourceName } from "../provider/registry";
import {
  AUTHORIZATION_OUTPUTS,
  AUTHORIZATION_SECRET_OUTPUTS,
  authorizationSchema,
} from "../provider/resources/authorization/schema";
import {
  DATABASE_TOKEN_OUTPUTS,
  DATABASE_TOKEN_SECRET_OUTPUTS,
  databaseTokenSchema,
} from "../provider/resources/database-token/schema";
import {
  OFFLINE_OUTPUTS,
  OFFLINE_SECRET_OUTPUTS,
  offlineTokensSchema,
} from "../provider/resources/influxdb3/offline-tokens-schema";
import {
  adminSchema,
  NAMED_HIDDEN,
  NAMED_OUTPUTS,
  NAMED_SECRET_OUTPUTS,
  OPERATOR_OUTPUTS,
  OPERATOR_SECRET_OUTPUTS,
  operatorSchema,
  resourceSchema,
} from "../provider/resources/influxdb3/schema";
import { USER_OUTPUTS, USER_SECRET_OUTPUTS, userSchema } from "../provider/resources/user/schema";
import type { InputDoc, TypeDoc } from "../provider/shared/declaration";
import { UNKNOWN } from "../provider/shared/unknown";

export const ROOT = path.resolve(__dirname, "..");
const PACKAGE = "influxdb-tokens";
export const SCHEMA_FILE = "provider/plugin/schema.json";

interface ResourceEntry {
  readonly name: ResourceName;
  /** The strict input schema; its shape's keys are the inputs. */
  readonly schema: z.ZodObject;
  /** Output-only keys (the schema names them as outputs when given as inputs). */
  readonly outputOnly: readonly string[];
  /** Output-only keys that hold a credential. */
  readonly secretOutputs: readonly string[];
  /** Inputs the SDK or check add themselves: accepted, never documented. */
  readonly hidden: readonly string[];
  /** The exported key lists' name in the generated file. */
  readonly keysName: string;
  /** The SDK class: its TSDoc is the resource's description, its declared outputs the outputs'. */
  readonly sdkFile: string;
  /** What the provider stores: every key is an output of the package schema. */
  readonly outputsType: { readonly file: string; readonly name: string };
}

interface Family {
  /** The generated file, relative to the repository. */
  readonly file: string;
  /** Where its declarations are, for the file's header. */
  readonly source: string;
  readonly resources: readonly ResourceEntry[];
}

const INFLUXDB3_TYPES = "provider/resources/influxdb3/types.ts";

export const FAMILIES: readonly Family[] = [
  {
    file: "sdk/generated/authorization-args.ts",
    source: "provider/resources/authorization/schema.ts",
    resources: [
      {
        name: "Authorization",
        schema: authorizationSchema,
        outputOnly: AUTHORIZATION_OUTPUTS,
        secretOutputs: AUTHORIZATION_SECRET_OUTPUTS,
        hidden: [],
        keysName: "AUTHORIZATION_KEYS",
        sdkFile: "sdk/authorization.ts",
        outputsType: { file: "provider/resources/authorization/types.ts", name: "AuthorizationOutputs" },
      },
    ],
  },
  {
    file: "sdk/generated/database-token-args.ts",
    source: "provider/resources/database-token/schema.ts",
    resources: [
      {
        name: "DatabaseToken",
        schema: databaseTokenSchema,
        outputOnly: DATABASE_TOKEN_OUTPUTS,
        secretOutputs: DATABASE_TOKEN_SECRET_OUTPUTS,
        hidden: [],
        keysName: "DATABASE_TOKEN_KEYS",
        sdkFile: "sdk/database-token.ts",
        outputsType: { file: "provider/resources/database-token/types.ts", name: "DatabaseTokenOutputs" },
      },
    ],
  },
  {
    file: "sdk/generated/influxdb3-args.ts",
    source: "provider/resources/influxdb3/schema.ts",
    resources: [
      {
        name: "OperatorToken",
        schema: operatorSchema,
        outputOnly: OPERATOR_OUTPUTS,
        secretOutputs: OPERATOR_SECRET_OUTPUTS,
        hidden: [],
        keysName: "OPERATOR_TOKEN_KEYS",
        sdkFile: "sdk/influxdb3/operator-token.ts",
        outputsType: { file: INFLUXDB3_TYPES, name: "OperatorTokenOutputs" },
      },
      {
        name: "AdminToken",
        schema: adminSchema,
        outputOnly: NAMED_OUTPUTS,
        secretOutputs: NAMED_SECRET_OUTPUTS,
        hidden: NAMED_HIDDEN,
        keysName: "ADMIN_TOKEN_KEYS",
        sdkFile: "sdk/influxdb3/admin-token.ts",
        outputsType: { file: INFLUXDB3_TYPES, name: "NamedTokenOutputs" },
      },
      {
        name: "ResourceToken",
        schema: resourceSchema,
        outputOnly: [...NAMED_OUTPUTS, "permissionsText"],
        secretOutputs: NAMED_SECRET_OUTPUTS,
        hidden: NAMED_HIDDEN,
        keysName: "RESOURCE_TOKEN_KEYS",
        sdkFile: "sdk/influxdb3/resource-token.ts",
        outputsType: { file: INFLUXDB3_TYPES, name: "ResourceTokenOutputs" },
      },
      {
        name: "OfflineTokens",
        schema: offlineTokensSchema,
        outputOnly: OFFLINE_OUTPUTS,
        secretOutputs: OFFLINE_SECRET_OUTPUTS,
        hidden: [],
        keysName: "OFFLINE_TOKENS_KEYS",
        sdkFile: "sdk/influxdb3/offline-tokens.ts",
        outputsType: {
          file: "provider/resources/influxdb3/offline-tokens-types.ts",
          name: "OfflineTokensOutputs",
        },
      },
    ],
  },
  {
    file: "sdk/generated/user-args.ts",
    source: "provider/resources/user/schema.ts",
    resources: [
      {
        name: "User",
        schema: userSchema,
        outputOnly: USER_OUTPUTS,
        secretOutputs: USER_SECRET_OUTPUTS,
        hidden: [],
        keysName: "USER_KEYS",
        sdkFile: "sdk/user.ts",
        outputsType: { file: "provider/resources/user/types.ts", name: "UserOutputs" },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Reading the declarations

type Schema = z.core.$ZodType;
type Meta = Partial<InputDoc & TypeDoc> & { oneOf?: readonly string[] };

// biome-ignore lint/suspicious/noExplicitAny: zod's definitions differ per schema kind; read by `type`
const defOf = (schema: Schema): any => schema._zod.def;
const metaOf = (schema: Schema): Meta => (z.globalRegistry.get(schema) ?? {}) as Meta;

const isUnknownLiteral = (schema: Schema) =>
  defOf(schema).type === "literal" &&
  defOf(schema).values.length === 1 &&
  defOf(schema).values[0] === UNKNOWN;

/** The schema under `.optional()` and `orUnknown(...)`, and whether the property may be omitted. */
function unwrap(schema: Schema): { core: Schema; optional: boolean } {
  let core = schema;
  let optional = false;
  for (;;) {
    const def = defOf(core);
    if (def.type === "optional") {
      optional = true;
      core = def.innerType;
    } else if (def.type === "union" && def.options.length === 2 && isUnknownLiteral(def.options[0])) {
      core = def.options[1];
    } else {
      return { core, optional };
    }
  }
}

export interface InputProperty {
  readonly key: string;
  readonly schema: Schema;
  readonly doc: InputDoc;
  readonly optional: boolean;
}

/** The documented properties of an object schema, in declaration order (hidden keys left out). */
export function propertiesOf(object: Schema, where: string, hidden: readonly string[] = []): InputProperty[] {
  const shape = defOf(object).shape as Record<string, Schema>;
  return Object.entries(shape)
    .filter(([key]) => !hidden.includes(key))
    .map(([key, schema]) => {
      const meta = metaOf(schema);
      if (typeof meta.description !== "string" || meta.description === "") {
        throw new Error(`${where}.${key} has no description: declare it with input(schema, { description })`);
      }
      const doc: InputDoc = {
        description: meta.description,
        ...(meta.change === undefined ? {} : { change: meta.change }),
        ...(meta.secret === true ? { secret: true } : {}),
      };
      return { key, schema, doc, optional: unwrap(schema).optional };
    });
}

/** The top-level inputs of a resource; each declares its change kind, and so does each field of a `fields` one. */
export function resourceInputs(entry: ResourceEntry): InputProperty[] {
  const inputs = propertiesOf(entry.schema, entry.name, entry.hidden);
  for (const property of inputs) {
    if (property.doc.change === undefined) {
      throw new Error(`${entry.name}.${property.key} declares no change kind (replace, update, state, ...)`);
    }
    if (property.doc.change === "fields") {
      for (const field of propertiesOf(unwrap(property.schema).core, `${entry.name}.${property.key}`)) {
        if (field.doc.change === undefined) {
          throw new Error(`${entry.name}.${property.key}.${field.key} declares no change kind`);
        }
      }
    }
  }
  return inputs;
}

/** Every documented input as `path` (`connection.url` for a field of a `fields` input) and its doc. */
export function declaredInputs(entry: ResourceEntry): { path: string; doc: InputDoc }[] {
  const out: { path: string; doc: InputDoc }[] = [];
  for (const property of resourceInputs(entry)) {
    out.push({ path: property.key, doc: property.doc });
    if (property.doc.change === "fields") {
      for (const field of propertiesOf(unwrap(property.schema).core, property.key)) {
        out.push({ path: `${property.key}.${field.key}`, doc: field.doc });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The SDK's TypeScript

/** A TSDoc comment, wrapped at 100 columns. */
function tsdoc(text: string, indent: string): string {
  const one = `${indent}/** ${text} */`;
  if (one.length <= 100 && !text.includes("\n")) return one;
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    // A code span is one word: a line break inside it would read as a space in the rendered doc.
    for (const word of paragraph.match(/(?:[^\s`]*`[^`]*`)+[^\s`]*|[^\s`]+/g) ?? []) {
      if (line !== "" && indent.length + 3 + line.length + 1 + word.length > 100) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`].join("\n");
}

const literals = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(" | ");

class TsWriter {
  private readonly declared = new Map<string, string>();
  private readonly order: string[] = [];

  /** Declares the named object or string union (once) and returns its name. */
  private declare(core: Schema): string {
    const meta = metaOf(core);
    const name = meta.typeName as string;
    if (this.declared.has(name)) return name;
    this.declared.set(name, "");
    this.order.push(name);
    const doc = tsdoc(meta.description ?? "", "");
    if (meta.oneOf !== undefined) {
      this.declared.set(name, `${doc}\nexport type ${name} = ${literals(meta.oneOf)};`);
    } else if (defOf(core).type === "object") {
      this.declared.set(name, this.interfaceOf(name, doc, propertiesOf(core, name)));
    } else {
      throw new Error(`${name}: only objects and oneOf(...) strings can be named`);
    }
    return name;
  }

  interfaceOf(name: string, doc: string, properties: readonly InputProperty[]): string {
    const fields = properties.map(
      (p) =>
        `${tsdoc(p.doc.description, "  ")}\n  ${p.key}${p.optional ? "?" : ""}: pulumi.Input<${this.typeOf(p.schema)}>;`,
    );
    return `${doc}\nexport interface ${name} {\n${fields.join("\n")}\n}`;
  }

  typeOf(schema: Schema): string {
    const { core } = unwrap(schema);
    const meta = metaOf(core);
    if (meta.typeName !== undefined) return this.declare(core);
    if (meta.oneOf !== undefined) return literals(meta.oneOf);
    const def = defOf(core);
    switch (def.type) {
      case "string":
      case "number":
      case "boolean":
      case "unknown":
        return def.type;
      case "literal":
        return literals(def.values);
      case "enum":
        return literals(Object.values(def.entries));
      case "array":
        return `pulumi.Input<${this.typeOf(def.element)}>[]`;
      case "union":
        return (def.options as Schema[]).map((option) => this.typeOf(option)).join(" | ");
      default:
        throw new Error(`no SDK type for a zod ${def.type} schema (name objects with named(...))`);
    }
  }

  /** The top-level Args interface first, then each type it uses, in the order first used. */
  file(family: Family, stored: ReadonlyMap<string, StoredKeys>): string {
    const parts: string[] = [];
    const keys: string[] = [];
    for (const entry of family.resources) {
      const meta = metaOf(entry.schema);
      if (meta.typeName === undefined) throw new Error(`${entry.name}: name its schema (named(...))`);
      const args = meta.typeName;
      const doc = tsdoc(meta.description ?? "", "");
      this.order.push(args);
      this.declared.set(args, this.interfaceOf(args, doc, resourceInputs(entry)));
      keys.push(keyLists(entry, stored.get(entry.name) as StoredKeys));
    }
    for (const name of this.order) parts.push(this.declared.get(name) as string);
    return [
      "// Generated by scripts/generate-sdk-types.ts (`npm run generate`) from the input declarations",
      `// in ${family.source}: edit those, then run the script.`,
      "// test/unit/sdk/generated.test.ts fails while this file differs from what the script writes.",
      "",
      'import type * as pulumi from "@pulumi/pulumi";',
      'import type { PropKeys } from "../props";',
      "",
      parts.join("\n\n"),
      "",
      keys.join("\n\n"),
      "",
    ].join("\n");
  }
}

/** What the provider stores of each resource, from its `*Outputs` type: key -> optional. */
export type StoredKeys = ReadonlyMap<string, boolean>;

/** The secret inputs stored in state, after the secret output-only keys: `additionalSecretOutputs`. */
export function secretStateKeys(entry: ResourceEntry, stored: StoredKeys): string[] {
  const secretInputs = resourceInputs(entry)
    .filter((p) => p.doc.secret === true && stored.has(p.key))
    .map((p) => p.key);
  return [...entry.secretOutputs, ...secretInputs];
}

function keyLists(entry: ResourceEntry, stored: StoredKeys): string {
  const inputs = resourceInputs(entry);
  const list = (keys: readonly string[]) => `[${keys.map((k) => JSON.stringify(k)).join(", ")}]`;
  return [
    tsdoc(
      `Every key \`${entry.name}\` registers: its documented inputs (the secret ones sent as secrets), ` +
        "its output-only keys, and the outputs kept secret in state.",
      "",
    ),
    `export const ${entry.keysName}: PropKeys = {`,
    `  inputs: ${list(inputs.map((p) => p.key))},`,
    `  secretInputs: ${list(inputs.filter((p) => p.doc.secret === true).map((p) => p.key))},`,
    `  outputs: ${list(entry.outputOnly)},`,
    `  secretOutputs: ${list(secretStateKeys(entry, stored))},`,
    "};",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Outputs, read from the TypeScript sources

interface DeclaredOutput {
  readonly key: string;
  readonly description: string;
  readonly type: ts.Type;
  readonly optional: boolean;
}

interface Sources {
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
}

function loadSources(): Sources {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (config === undefined) throw new Error("tsconfig.json cannot be read");
  const roots = [
    ...new Set(FAMILIES.flatMap((f) => f.resources.flatMap((r) => [r.sdkFile, r.outputsType.file]))),
  ].map((file) => path.join(ROOT, file));
  const program = ts.createProgram(roots, { ...config.options, noEmit: true });
  return { program, checker: program.getTypeChecker() };
}

function sourceFile(sources: Sources, file: string): ts.SourceFile {
  const found = sources.program.getSourceFile(path.join(ROOT, file));
  if (found === undefined) throw new Error(`${file} is not in the program`);
  return found;
}

function readStoredKeys(sources: Sources, entry: ResourceEntry): StoredKeys {
  const file = sourceFile(sources, entry.outputsType.file);
  const module = sources.checker.getSymbolAtLocation(file);
  const symbol =
    module && sources.checker.getExportsOfModule(module).find((s) => s.name === entry.outputsType.name);
  if (symbol === undefined) throw new Error(`${entry.outputsType.file} exports no ${entry.outputsType.name}`);
  const type = sources.checker.getDeclaredTypeOfSymbol(symbol);
  return new Map(
    sources.checker
      .getPropertiesOfType(type)
      .map((p) => [p.name, (p.flags & ts.SymbolFlags.Optional) !== 0] as const),
  );
}

function classOf(sources: Sources, entry: ResourceEntry): ts.ClassDeclaration {
  const file = sourceFile(sources, entry.sdkFile);
  const found = file.statements.find(
    (s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === entry.name,
  );
  if (found === undefined) throw new Error(`${entry.sdkFile} declares no class ${entry.name}`);
  return found;
}

function docOf(sources: Sources, node: ts.Node & { name?: ts.Node | undefined }): string {
  const symbol = node.name === undefined ? undefined : sources.checker.getSymbolAtLocation(node.name);
  if (symbol === undefined) return "";
  // One line per paragraph, as the input descriptions are written: a TSDoc line break is a space.
  return ts
    .displayPartsToString(symbol.getDocumentationComment(sources.checker))
    .replace(/([^\n])\n(?!\n)/g, "$1 ");
}

/** The class's `declare readonly x: pulumi.Output<T>` fields. */
function declaredOutputs(sources: Sources, entry: ResourceEntry): DeclaredOutput[] {
  const out: DeclaredOutput[] = [];
  for (const member of classOf(sources, entry).members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    if (!member.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    const node = member.type;
    if (
      node === undefined ||
      !ts.isTypeReferenceNode(node) ||
      node.typeName.getText() !== "pulumi.Output" ||
      node.typeArguments?.length !== 1
    ) {
      throw new Error(`${entry.name}.${member.name.text}: declare outputs as pulumi.Output<T>`);
    }
    const description = docOf(sources, member);
    if (description === "") throw new Error(`${entry.name}.${member.name.text}: the output has no TSDoc`);
    const type = sources.checker.getTypeFromTypeNode(node.typeArguments[0] as ts.TypeNode);
    const optional = type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
    out.push({ key: member.name.text, description, type, optional });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The Pulumi package schema

type Json = Record<string, unknown>;

const token = (name: string) => `${PACKAGE}:index:${name}`;
const ref = (name: string) => ({ $ref: `#/types/${token(name)}` });
/** The package schema's name of an SDK type: its Args suffix dropped (each language adds its own). */
const schemaName = (sdkName: string) => sdkName.replace(/Args$/, "");

class SchemaWriter {
  readonly types: Record<string, Json> = {};

  constructor(private readonly sources: Sources) {}

  private declare(core: Schema): Json {
    const meta = metaOf(core);
    const name = schemaName(meta.typeName as string);
    if (this.types[token(name)] === undefined) {
      this.types[token(name)] = {};
      if (meta.oneOf !== undefined) {
        this.types[token(name)] = {
          type: "string",
          description: meta.description,
          enum: meta.oneOf.map((value) => ({ value })),
        };
      } else {
        const properties = propertiesOf(core, name);
        this.types[token(name)] = {
          type: "object",
          description: meta.description,
          properties: this.propertySpecs(properties),
          ...requiredOf(properties),
        };
      }
    }
    return ref(name);
  }

  typeSpec(schema: Schema): Json {
    const { core } = unwrap(schema);
    const meta = metaOf(core);
    if (meta.typeName !== undefined) return this.declare(core);
    if (meta.oneOf !== undefined) return { type: "string" };
    const def = defOf(core);
    switch (def.type) {
      case "string":
      case "number":
      case "boolean":
        return { type: def.type };
      case "unknown":
        return { $ref: "pulumi.json#/Any" };
      case "literal":
      case "enum": {
        const values: unknown[] = def.type === "literal" ? def.values : Object.values(def.entries);
        const kinds = [...new Set(values.map((v) => typeof v))];
        if (kinds.length !== 1 || !["string", "number", "boolean"].includes(kinds[0] as string)) {
          throw new Error(`no package-schema type for the literals ${literals(values)}`);
        }
        return { type: kinds[0] };
      }
      case "array":
        return { type: "array", items: this.typeSpec(def.element) };
      case "union": {
        const options = (def.options as Schema[]).map((option) => this.typeSpec(option));
        const unique = [...new Map(options.map((o) => [JSON.stringify(o), o])).values()];
        return unique.length === 1 ? (unique[0] as Json) : { oneOf: unique };
      }
      default:
        throw new Error(`no package-schema type for a zod ${def.type} schema`);
    }
  }

  propertySpecs(properties: readonly InputProperty[]): Json {
    return Object.fromEntries(
      properties.map((p) => [
        p.key,
        {
          description: p.doc.description,
          ...this.typeSpec(p.schema),
          ...(p.doc.secret === true ? { secret: true } : {}),
          ...(p.doc.change === "replace" ? { replaceOnChanges: true } : {}),
        },
      ]),
    );
  }

  /** A TypeScript output type as a package-schema type: primitives, arrays, and the named input types. */
  outputTypeSpec(type: ts.Type, where: string): Json {
    const checker = this.sources.checker;
    const parts = (type.isUnion() ? type.types : [type]).filter(
      (t) => (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0,
    );
    const all = (flags: ts.TypeFlags) => parts.length > 0 && parts.every((t) => (t.flags & flags) !== 0);
    if (all(ts.TypeFlags.StringLike)) return { type: "string" };
    if (all(ts.TypeFlags.NumberLike)) return { type: "number" };
    if (all(ts.TypeFlags.BooleanLike)) return { type: "boolean" };
    if (parts.length === 1) {
      const only = parts[0] as ts.Type;
      if ((only.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0) return { $ref: "pulumi.json#/Any" };
      if (checker.isArrayType(only)) {
        const item = checker.getTypeArguments(only as ts.TypeReference)[0] as ts.Type;
        return { type: "array", items: this.outputTypeSpec(item, `${where}[]`) };
      }
      const name = (only.aliasSymbol ?? only.getSymbol())?.name;
      if (name !== undefined && this.types[token(name)] !== undefined) return ref(name);
      // A map by name (`Record<string, T>`): a package-schema map (`additionalProperties`).
      const index = checker.getIndexInfosOfType(only);
      if (
        index.length === 1 &&
        only.getProperties().length === 0 &&
        index[0]?.keyType === checker.getStringType()
      ) {
        return { type: "object", additionalProperties: this.outputTypeSpec(index[0].type, `${where}{}`) };
      }
    }
    throw new Error(
      `${where}: no package-schema type for ${checker.typeToString(type)} (outputs use primitives, ` +
        "arrays and the types the inputs name)",
    );
  }

  resource(entry: ResourceEntry, stored: StoredKeys): Json {
    const inputs = resourceInputs(entry);
    const inputProperties = this.propertySpecs(inputs);
    const secret = new Set(secretStateKeys(entry, stored));
    // The code generators read `replaceOnChanges` from the outputs (each SDK passes it as the
    // resource option of that name), so it is set there as on the inputs.
    const replacing = new Set(inputs.filter((p) => p.doc.change === "replace").map((p) => p.key));
    const marks = (key: string) => ({
      ...(secret.has(key) ? { secret: true } : {}),
      ...(replacing.has(key) ? { replaceOnChanges: true } : {}),
    });
    const properties: Json = {};
    const required: string[] = [];
    const declared = declaredOutputs(this.sources, entry);
    for (const output of declared) {
      if (!stored.has(output.key)) {
        throw new Error(
          `${entry.name}.${output.key}: declared by the class but not in ${entry.outputsType.name}`,
        );
      }
      properties[output.key] = {
        description: output.description,
        ...this.outputTypeSpec(output.type, `${entry.name}.${output.key}`),
        ...marks(output.key),
      };
      if (!output.optional && stored.get(output.key) === false) required.push(output.key);
    }
    // What the provider stores without the class declaring it: the inputs it keeps (a connection
    // is a secret output of the plugin as it is of the dynamic resource).
    for (const [key] of stored) {
      if (properties[key] !== undefined || entry.hidden.includes(key)) continue;
      const input = inputs.find((p) => p.key === key);
      if (input === undefined) {
        throw new Error(`${entry.name}.${key}: stored by the provider but neither declared nor an input`);
      }
      properties[key] = {
        description: input.doc.description,
        ...this.typeSpec(input.schema),
        ...marks(key),
      };
    }
    return {
      description: docOf(this.sources, classOf(this.sources, entry)),
      properties,
      ...(required.length === 0 ? {} : { required }),
      inputProperties,
      ...requiredInputsOf(inputs),
    };
  }
}

function requiredOf(properties: readonly InputProperty[]): Json {
  const required = properties.filter((p) => !p.optional).map((p) => p.key);
  return required.length === 0 ? {} : { required };
}

function requiredInputsOf(properties: readonly InputProperty[]): Json {
  const required = properties.filter((p) => !p.optional).map((p) => p.key);
  return required.length === 0 ? {} : { requiredInputs: required };
}

/** One `influxdb:*` setting as a configuration variable `influxdb-tokens:<key>`. */
function configVariable(spec: SettingSpec): Json {
  const sentence = spec.description.charAt(0).toUpperCase() + spec.description.slice(1);
  const type =
    spec.default === "true" || spec.default === "false"
      ? "boolean"
      : spec.default !== undefined && /^\d+(\.\d+)?$/.test(spec.default)
        ? "number"
        : "string";
  return {
    type,
    description: `${sentence}. Environment variable: \`${spec.envVar}\`.`,
    defaultInfo: { environment: [spec.envVar] },
    ...(spec.secret ? { secret: true } : {}),
  };
}

export function packageSchema(sources: Sources, stored: ReadonlyMap<string, StoredKeys>): Json {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    version: string;
    license: string;
  };
  const writer = new SchemaWriter(sources);
  const resources: Json = {};
  for (const family of FAMILIES) {
    for (const entry of family.resources) {
      resources[token(entry.name)] = writer.resource(entry, stored.get(entry.name) as StoredKeys);
    }
  }
  const variables = Object.fromEntries(
    Object.values(SETTINGS as Record<string, SettingSpec>).map((spec) => [
      spec.configKey.replace(/^influxdb:/, ""),
      configVariable(spec),
    ]),
  );
  const byToken = Object.fromEntries(Object.entries(writer.types).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: PACKAGE,
    displayName: "InfluxDB Tokens",
    version: pkg.version,
    description:
      "InfluxDB API tokens as Pulumi resources: InfluxDB v2 / Cloud authorizations, InfluxDB 3 " +
      "Clustered / Cloud Dedicated database tokens, and InfluxDB 3 Core / Enterprise tokens.",
    keywords: ["pulumi", "influxdb", "tokens", "category/database", "kind/native"],
    license: pkg.license,
    config: { variables },
    provider: {
      description:
        "Where the servers are and which credentials manage their tokens: the same keys as the stack " +
        "configuration `influxdb-tokens:<key>`; a resource's own `connection` input wins over both.",
      inputProperties: variables,
    },
    resources,
    types: byToken,
    language: {
      go: {
        importBasePath: "github.com/pulumi-influxdb-tokens/sdk/go/influxdbtokens",
        respectSchemaVersion: true,
      },
      nodejs: { packageName: "@pulumi-influxdb-tokens/sdk", respectSchemaVersion: true },
      python: { packageName: "pulumi_influxdb_tokens", respectSchemaVersion: true },
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Biome's formatting of `text` as the file `file` (the repository's own settings). */
function formatted(file: string, text: string): string {
  const biome = path.join(ROOT, "node_modules", ".bin", "biome");
  const result = spawnSync(biome, ["format", `--stdin-file-path=${file}`], {
    cwd: ROOT,
    input: text,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`biome cannot format ${file}:\n${result.stderr}`);
  return result.stdout;
}

/** Every generated file, relative to the repository, with the content the script writes. */
export function generatedFiles(): Record<string, string> {
  const sources = loadSources();
  const stored = new Map(
    FAMILIES.flatMap((f) => f.resources).map((entry) => [entry.name, readStoredKeys(sources, entry)]),
  );
  const out: Record<string, string> = {};
  for (const family of FAMILIES) {
    out[family.file] = formatted(family.file, new TsWriter().file(family, stored));
  }
  out[SCHEMA_FILE] = formatted(SCHEMA_FILE, `${JSON.stringify(packageSchema(sources, stored), null, 2)}\n`);
  return out;
}

/** The generated files whose committed content differs from what the script writes now. */
export function staleFiles(files: Record<string, string> = generatedFiles()): string[] {
  return Object.entries(files)
    .filter(([file, text]) => {
      const full = path.join(ROOT, file);
      return !existsSync(full) || readFileSync(full, "utf8") !== text;
    })
    .map(([file]) => file);
}

if (require.main === module) {
  const files = generatedFiles();
  if (process.argv.includes("--check")) {
    const stale = staleFiles(files);
    for (const file of stale) console.error(`${file} is not current: run npm run generate`);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    writeFileSync(path.join(ROOT, file), text);
    console.log(`wrote ${file}`);
  }
}
