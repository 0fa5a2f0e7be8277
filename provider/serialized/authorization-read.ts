/*
 * The provider behind `Authorization.get`: the Authorization provider, except that `read` fails
 * when the token does not exist.
 *
 * Why: the dynamic-provider host always answers a read with the `__provider` property, so the
 * engine never sees "no such resource" for a user-driven get, and a get of a deleted or unknown
 * ID would succeed with empty outputs (seen with the engine v3.274 and @pulumi/pulumi 3.270). A
 * get passes only its inputs (no `createdAt`, which every stored state has), a refresh passes the
 * stored outputs: only the first fails, so `pulumi refresh` still drops a token that went away.
 *
 * The whole `module.exports` of this file, so that `__provider` is one `require(...)` of it: see
 * ./authorization.ts for why and for the rules. The other methods are the Authorization
 * provider's (copied from its module, itself a require when serialized).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

import authorizationProvider from "./authorization";

const authorizationReadProvider: dynamic.ResourceProvider = {
  ...authorizationProvider,
  read: (id, props) =>
    require("pulumi-influxdb-tokens/registry")
      .hooks.authorization.read(id, props)
      .then((result: dynamic.ReadResult) => {
        if ((result.id === undefined || result.id === "") && props?.createdAt === undefined) {
          throw new Error(
            `Authorization.get: no authorization with ID ${id} (deleted, or its user or org was deleted, ` +
              `so it no longer works). Check the ID, e.g. with: ` +
              `npx pulumi-influxdb-tokens get ${id}`,
          );
        }
        // A get declares no permissions: report what the token holds, in the input shape (by ID,
        // without the names the server adds), so `permissions` can feed a clone directly.
        const outs = (result.props ?? {}) as Record<string, unknown>;
        if (
          Array.isArray(outs.permissions) &&
          outs.permissions.length === 0 &&
          Array.isArray(outs.grantedPermissions)
        ) {
          outs.permissions = outs.grantedPermissions.map(
            (p: { action: string; resource: Record<string, unknown> }) => ({
              action: p.action,
              resource: Object.fromEntries(
                Object.entries(p.resource).filter(
                  ([key]) => key === "type" || key === "id" || key === "orgId",
                ),
              ),
            }),
          );
        }
        return result;
      }),
};

export = authorizationReadProvider;
