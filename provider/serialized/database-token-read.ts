/*
 * The provider behind `DatabaseToken.get` (issue 9, provider/lookups/read-providers.ts says why
 * its `read` differs) as the whole `module.exports` of this file, so that `__provider` is one
 * `require(...)` of it: see ./authorization.ts for why and for the rules. The other methods are
 * the DatabaseToken provider's (copied from its module, itself a require when serialized).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

import databaseTokenProvider from "./database-token";

const databaseTokenReadProvider: dynamic.ResourceProvider = {
  ...databaseTokenProvider,
  read: (id, props) =>
    require("pulumi-influxdb-tokens/registry")
      .hooks.databaseToken.read(id, props)
      .then((result: dynamic.ReadResult) => {
        if ((result.id === undefined || result.id === "") && props?.createdAt === undefined) {
          throw new Error(
            `DatabaseToken.get: no usable database token with ID ${id} (unknown, revoked or expired). ` +
              `Check with: npx pulumi-influxdb-tokens get-database-token ${id} --include-revoked`,
          );
        }
        return result;
      }),
};

export = databaseTokenReadProvider;
