import type * as dynamic from "@pulumi/pulumi/dynamic";
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
 * What @pulumi/pulumi closure-serializes into each resource's state (`__provider`): methods that
 * only `require` the installed package by its public name and delegate. Do not reference any
 * module-level value in these functions: it would be serialized by value.
 */

/** OperatorToken (`_admin`) of InfluxDB 3 Core/Enterprise. */
export const operatorTokenProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.configure(req),
  check: (olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.create(inputs),
  read: (id, props) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.operatorToken.delete(id, props),
};

/** AdminToken (named admin token) of InfluxDB 3 Core/Enterprise. */
export const adminTokenProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.configure(req),
  check: (olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.create(inputs),
  read: (id, props) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.adminToken.delete(id, props),
};

/** ResourceToken (Enterprise `db:`/`system:` token). */
export const resourceTokenProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.configure(req),
  check: (olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.create(inputs),
  read: (id, props) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-influxdb-tokens/provider").influxdb3Hooks.resourceToken.delete(id, props),
};
