/*
 * The provider behind `DatabaseToken.get`: the DatabaseToken provider, except that `read` fails
 * when the token does not exist (./authorization-read.ts says why), as the whole `module.exports`
 * of this file (see ./authorization.ts).
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
