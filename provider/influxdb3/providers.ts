import { namedTokenHooks } from "./named-token-hooks";
import { operatorTokenHooks } from "./operator-token-hooks";
import { configureInfluxdb3 } from "./settings";

/**
 * The hook implementations, one instance per process. The serialized providers below reach them
 * through `require("pulumi-influxdb-tokens/provider").influxdb3Hooks`, so they are never copied
 * into state (DESIGN.md; same pattern as provider/index.ts).
 */
export const influxdb3Hooks = {
  operatorToken: operatorTokenHooks(),
  adminToken: namedTokenHooks("AdminToken"),
  resourceToken: namedTokenHooks("ResourceToken"),
  configure: configureInfluxdb3,
};

/*
 * What @pulumi/pulumi closure-serializes into each resource's state (`__provider`): each provider
 * is the whole `module.exports` of its own module under provider/serialized/, so the serializer
 * writes a single `require(...)` of that module (issue 13; see provider/serialized/authorization.ts).
 * Their methods only `require` the installed package by its public name and delegate to
 * `influxdb3Hooks`. Re-exported here for the SDK classes: AdminToken (named admin token),
 * OperatorToken (`_admin`) of InfluxDB 3 Core/Enterprise, ResourceToken (Enterprise
 * `db:`/`system:` token).
 */
export { default as adminTokenProvider } from "../serialized/admin-token";
export { default as operatorTokenProvider } from "../serialized/operator-token";
export { default as resourceTokenProvider } from "../serialized/resource-token";
