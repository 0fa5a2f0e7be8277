/*
 * The ResourceToken dynamic provider (an InfluxDB 3 Enterprise `db:`/`system:` token) as the whole
 * `module.exports` of this file, so that `__provider` is one `require(...)` of it: see
 * ./authorization.ts for why and for the rules.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

const resourceTokenProvider: dynamic.ResourceProvider = {
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

export = resourceTokenProvider;
