/**
 * Pulumi's ResourceProvider gRPC service for the package `influxdb-tokens`, over the hooks of the
 * one registry (provider/registry.ts): the same check/diff/create/read/update/delete the dynamic
 * providers run, for programs in any Pulumi language. What it adds to the dynamic-provider host:
 * provider configuration (`influxdb-tokens:<key>`, ./config.ts), detailed diffs
 * (./detailed-diff.ts), `pulumi import` (./import.ts), the schema, and secret outputs.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import { type ConfigSource, configure } from "../config";
import { RESOURCE_NAMES, type RegisteredResource, registry } from "../registry";
import { hookConfigSource, PACKAGE, providerSettings, settingKeys, unknownConfigKeys } from "./config";
import { detailedDiff } from "./detailed-diff";
import { grpcModule } from "./grpc";
import { importedState } from "./import";
import { outputsForEngine, type Props, SECRET_SIG, SIG_KEY, structSafe, unwrapProps } from "./properties";
import {
  configVariableKeys,
  inputKeys,
  loadSchema,
  replaceOnChangesKeys,
  resourceNameOf,
  secretOutputs,
  typeOfUrn,
} from "./schema";

// The generated protos of the installed @pulumi/pulumi (CommonJS, no type declarations needed here).
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const anyproto = require("google-protobuf/google/protobuf/any_pb");

// biome-ignore lint/suspicious/noExplicitAny: the generated request classes (provider_pb.js) are loaded untyped
type Call = { request: any };
type Callback = (error: unknown, value?: unknown, trailer?: unknown) => void;

const Kind = () => provproto.PropertyDiff.Kind as Record<string, number>;

function toStruct(value: Props): unknown {
  return structproto.Struct.fromJavaScript(structSafe(value));
}

function fromStruct(struct: { toJavaScript(): unknown } | undefined): Props {
  return (struct?.toJavaScript() as Props | undefined) ?? {};
}

/**
 * Re-applies the secret wrappers of `wire` (what the engine sent) to `value` where both hold the
 * same key or index: a secret input handed back (check's inputs, a credential kept in outputs)
 * stays a secret.
 */
function rewrapLike(value: unknown, wire: unknown): unknown {
  if (value === undefined) return undefined;
  if (wire !== null && typeof wire === "object" && (wire as Props)[SIG_KEY] === SECRET_SIG) {
    return { [SIG_KEY]: SECRET_SIG, value: rewrapLike(value, (wire as Props).value) };
  }
  if (Array.isArray(value) && Array.isArray(wire)) return value.map((item, i) => rewrapLike(item, wire[i]));
  if (
    value !== null &&
    typeof value === "object" &&
    wire !== null &&
    typeof wire === "object" &&
    !Array.isArray(value)
  ) {
    const out: Props = {};
    for (const [key, item] of Object.entries(value)) out[key] = rewrapLike(item, (wire as Props)[key]);
    return out;
  }
  return value;
}

function resourceOf(urnOrType: string): RegisteredResource & { type: string } {
  const type = urnOrType.startsWith("urn:") ? typeOfUrn(urnOrType) : urnOrType;
  const name = resourceNameOf(type);
  if (name === undefined) {
    throw new Error(
      `unknown resource type ${type}: ${PACKAGE} serves ${RESOURCE_NAMES.map((n) => `${PACKAGE}:index:${n}`).join(", ")}`,
    );
  }
  return { ...registry[name], type };
}

/** The error the engine shows for a failed create or update; a token made but not ready keeps its ID. */
function grpcError(e: unknown): { code: number; message: string; details: string; metadata: unknown } {
  const grpc = grpcModule();
  const error = e as { message?: string; id?: string; properties?: Props; reasons?: string[] };
  const message = error?.message ?? String(e);
  const metadata = new grpc.Metadata();
  if (error?.id) {
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(toStruct(error.properties ?? {}));
    detail.setReasonsList(error.reasons ?? []);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, message, details: message, metadata };
}

function unary(handler: (call: Call) => Promise<unknown> | unknown) {
  return (call: Call, callback: Callback) => {
    Promise.resolve()
      .then(() => handler(call))
      .then(
        (response) => callback(null, response),
        (e) => {
          const error = grpcError(e);
          callback(error, null, error.metadata);
        },
      );
  };
}

function unimplemented(what: string) {
  return (_call: Call, callback: Callback) =>
    callback({
      code: grpcModule().status.UNIMPLEMENTED,
      details: `${what} is not implemented by ${PACKAGE}`,
    });
}

export interface ProviderServiceOptions {
  version: string;
}

/** One service per process = one provider instance (./config.ts). */
export function providerService(options: ProviderServiceOptions): grpcTypes.UntypedServiceImplementation {
  let settings: ReadonlyMap<string, string> = new Map();
  const source: ConfigSource = hookConfigSource(() => settings);

  async function configureHooks(): Promise<void> {
    const configureFns = new Set<(request: { config: ConfigSource }) => Promise<void>>([configure]);
    for (const name of RESOURCE_NAMES) configureFns.add(registry[name].configure);
    for (const fn of configureFns) await fn({ config: source });
  }

  return {
    getPluginInfo: unary(() => {
      const info = new plugproto.PluginInfo();
      info.setVersion(options.version);
      return info;
    }),

    getSchema: unary((call) => {
      const version = call.request.getVersion();
      if (version !== 0) throw new Error(`unsupported schema version ${version}`);
      const response = new provproto.GetSchemaResponse();
      response.setSchema(loadSchema().text);
      return response;
    }),

    checkConfig: unary((call) => {
      const news = fromStruct(call.request.getNews());
      const response = new provproto.CheckResponse();
      response.setInputs(call.request.getNews() ?? toStruct({}));
      const unknown = unknownConfigKeys(news, configVariableKeys());
      response.setFailuresList(
        unknown.map((key) => {
          const failure = new provproto.CheckFailure();
          failure.setProperty(key);
          failure.setReason(
            `"${key}" is no ${PACKAGE} setting (known: ${settingKeys().join(", ")}); ` +
              `check the key in "${PACKAGE}:${key}" or the provider's arguments`,
          );
          return failure;
        }),
      );
      return response;
    }),

    diffConfig: unary((call) => {
      const olds = unwrapProps(fromStruct(call.request.getOldInputs() ?? call.request.getOlds()));
      const news = unwrapProps(fromStruct(call.request.getNews()));
      const { diffs, detailedDiff: detailed } = detailedDiff({ changes: true }, olds, news);
      const response = new provproto.DiffResponse();
      // A new URL or credential applies to the next operation (as the dynamic providers' settings
      // do): an update of the provider, never a replacement of every token it manages.
      response.setChanges(
        diffs.length > 0
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : provproto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      response.setDiffsList(diffs);
      response.setHasdetaileddiff(true);
      for (const [key, kind] of Object.entries(detailed)) {
        const diff = new provproto.PropertyDiff();
        diff.setKind(Kind()[kind]);
        diff.setInputdiff(true);
        response.getDetaileddiffMap().set(key, diff);
      }
      return response;
    }),

    configure: unary(async (call) => {
      const args = call.request.getArgs() ? fromStruct(call.request.getArgs()) : undefined;
      settings = providerSettings(call.request.getVariablesMap().toArray(), args);
      await configureHooks();
      const response = new provproto.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setAcceptresources(false);
      response.setSupportspreview(false);
      response.setAcceptoutputs(false);
      return response;
    }),

    check: unary(async (call) => {
      const request = call.request;
      const { hooks } = resourceOf(request.getUrn() || request.getType());
      const newsWire = fromStruct(request.getNews());
      const result = await hooks.check(unwrapProps(fromStruct(request.getOlds())), unwrapProps(newsWire));
      const response = new provproto.CheckResponse();
      response.setInputs(toStruct(rewrapLike(result.inputs ?? unwrapProps(newsWire), newsWire) as Props));
      response.setFailuresList(
        (result.failures ?? []).map((f) => {
          const failure = new provproto.CheckFailure();
          failure.setProperty(f.property);
          failure.setReason(f.reason);
          return failure;
        }),
      );
      return response;
    }),

    diff: unary(async (call) => {
      const request = call.request;
      const { hooks, name } = resourceOf(request.getUrn() || request.getType());
      const olds = unwrapProps(fromStruct(request.getOlds()));
      const news = unwrapProps(fromStruct(request.getNews()));
      const oldInputs = request.hasOldInputs() ? unwrapProps(fromStruct(request.getOldInputs())) : olds;
      const result = await hooks.diff(request.getId(), olds, news);
      const response = new provproto.DiffResponse();
      const { DIFF_SOME, DIFF_NONE, DIFF_UNKNOWN } = provproto.DiffResponse.DiffChanges;
      response.setChanges(
        result.changes === true ? DIFF_SOME : result.changes === false ? DIFF_NONE : DIFF_UNKNOWN,
      );
      response.setReplacesList(result.replaces ?? []);
      response.setDeletebeforereplace(result.deleteBeforeReplace === true);
      if (result.changes !== undefined) {
        const { diffs, detailedDiff: detailed } = detailedDiff(
          result,
          oldInputs,
          news,
          replaceOnChangesKeys(name),
        );
        response.setDiffsList(diffs);
        response.setHasdetaileddiff(true);
        for (const [key, kind] of Object.entries(detailed)) {
          const diff = new provproto.PropertyDiff();
          diff.setKind(Kind()[kind]);
          diff.setInputdiff(true);
          response.getDetaileddiffMap().set(key, diff);
        }
      }
      return response;
    }),

    create: unary(async (call) => {
      const request = call.request;
      const resource = resourceOf(request.getUrn() || request.getType());
      const wire = fromStruct(request.getProperties());
      // The URN is the create key the SDK passes as the hidden input `__createKey` (provider/lifecycle/create).
      const result = await resource.hooks.create({ ...unwrapProps(wire), __createKey: request.getUrn() });
      const response = new provproto.CreateResponse();
      response.setId(result.id);
      response.setProperties(toStruct(engineOutputs(resource, result.outs as Props, wire)));
      return response;
    }),

    read: unary(async (call) => {
      const request = call.request;
      const resource = resourceOf(request.getUrn() || request.getType());
      const wire = fromStruct(request.getProperties());
      const props = unwrapProps(wire);
      const importing = Object.keys(props).length === 0;
      const result = await resource.hooks.read(request.getId(), props);
      const response = new provproto.ReadResponse();
      if (result.id === undefined || result.id === "") {
        // Gone: an empty ID tells the engine (refresh drops it from state; import fails naming it).
        response.setId("");
        return response;
      }
      response.setId(result.id);
      let outs = (result.props ?? {}) as Props;
      if (importing) {
        const imported = importedState(resource.name, outs, inputKeys(resource.name));
        outs = imported.props;
        response.setInputs(toStruct(imported.inputs));
      } else if (result.inputs !== undefined) {
        response.setInputs(toStruct(rewrapLike(result.inputs, fromStruct(request.getInputs())) as Props));
      }
      response.setProperties(toStruct(engineOutputs(resource, outs, wire)));
      return response;
    }),

    update: unary(async (call) => {
      const request = call.request;
      const resource = resourceOf(request.getUrn() || request.getType());
      const wire = fromStruct(request.getNews());
      const result = await resource.hooks.update(
        request.getId(),
        unwrapProps(fromStruct(request.getOlds())),
        unwrapProps(wire),
      );
      const response = new provproto.UpdateResponse();
      response.setProperties(toStruct(engineOutputs(resource, (result?.outs ?? {}) as Props, wire)));
      return response;
    }),

    delete: unary(async (call) => {
      const request = call.request;
      const resource = resourceOf(request.getUrn() || request.getType());
      await resource.hooks.delete(request.getId(), unwrapProps(fromStruct(request.getProperties())));
      return new emptyproto.Empty();
    }),

    cancel: unary(() => new emptyproto.Empty()),
    attach: unary(() => new emptyproto.Empty()),
    getMapping: unary(() => {
      const response = new provproto.GetMappingResponse();
      response.setProvider("");
      response.setData(new Uint8Array());
      return response;
    }),
    getMappings: unary(() => new provproto.GetMappingsResponse()),
    invoke: unary((call) => {
      throw new Error(`unknown function ${call.request.getTok()}: ${PACKAGE} serves no functions yet`);
    }),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    construct: unimplemented("Construct"),
    call: unimplemented("Call"),
    list: (call: { emit(event: string, error: unknown): void }) =>
      call.emit("error", {
        code: grpcModule().status.UNIMPLEMENTED,
        details: `List is not implemented by ${PACKAGE}`,
      }),
  } as unknown as grpcTypes.UntypedServiceImplementation;
}

/** Outputs with the schema's secret outputs wrapped, and secret inputs kept secret. */
function engineOutputs(resource: RegisteredResource, outs: Props, inputsWire: Props): Props {
  const wrapped = outputsForEngine(outs, secretOutputs(resource.name));
  const out: Props = {};
  for (const [key, value] of Object.entries(wrapped)) {
    const isWrapped = value !== null && typeof value === "object" && (value as Props)[SIG_KEY] === SECRET_SIG;
    out[key] = isWrapped ? value : rewrapLike(value, inputsWire[key]);
  }
  return out;
}

export function serviceDefinition(): grpcTypes.ServiceDefinition {
  return provrpc.ResourceProviderService;
}
