/*
 * The OperatorToken dynamic provider (the `_admin` token of InfluxDB 3 Core/Enterprise) as the whole
 * `module.exports` of this file, so that `__provider` is one `require(...)` of it: see
 * ./authorization.ts for why and for the rules.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

const operatorTokenProvider: dynamic.ResourceProvider = {
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

export = operatorTokenProvider;
