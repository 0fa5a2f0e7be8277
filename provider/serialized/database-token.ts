/*
 * The DatabaseToken dynamic provider (InfluxDB 3 Clustered / Cloud Dedicated management API) as
 * the whole `module.exports` of this file, so that `__provider` is one `require(...)` of it:
 * see ./authorization.ts for why and for the rules.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

const databaseTokenProvider: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-influxdb-tokens/provider").hooks.configure(req),
  check: (olds, news) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.databaseToken.diff(id, olds, news),
  create: (inputs) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.create(inputs),
  read: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.read(id, props),
  update: (id, olds, news) =>
    require("pulumi-influxdb-tokens/provider").hooks.databaseToken.update(id, olds, news),
  delete: (id, props) => require("pulumi-influxdb-tokens/provider").hooks.databaseToken.delete(id, props),
};

export = databaseTokenProvider;
