import * as pulumi from "@pulumi/pulumi";
import { userProvider } from "../provider/serialized";
import { withSecretOutputs } from "./authorization";
import { createKey } from "./create-key";
import { USER_KEYS, type UserArgs } from "./generated/user-args";
import { resourceProps } from "./props";
import { pauseStackTraces } from "./stack-traces";

// The inputs are declared once, in provider/resources/user/schema.ts: the Args types, their TSDoc
// and the key lists are generated from it.
export { USER_KEYS, type UserArgs, type UserConnectionArgs } from "./generated/user-args";

/**
 * A user of an InfluxDB OSS v2 server (`/api/v2/users`), with its org memberships. The Pulumi ID
 * is the user ID: give it to an `Authorization` as `userId` (or the name as `user`) to make tokens
 * for this user. User names are unique per server: one stack owns a `User`, others reference it.
 */
export class User extends pulumi.dynamic.Resource {
  /** The user ID (the same as the resource's `id`). */
  declare readonly userId: pulumi.Output<string>;
  /** The user's name, as the server reports it. */
  declare readonly name: pulumi.Output<string>;
  /** `active` or `inactive`, as last read from the server. */
  declare readonly status: pulumi.Output<"active" | "inactive">;
  /** The memberships as given (org IDs or names), in the order of `orgIds`. */
  declare readonly orgMemberships: pulumi.Output<string[]>;
  /** The IDs of the orgs the user is a member of (those this resource manages). */
  declare readonly orgIds: pulumi.Output<string[]>;

  constructor(name: string, args: UserArgs, opts?: pulumi.CustomResourceOptions) {
    const restoreStackTraces = pauseStackTraces();
    try {
      super(
        userProvider,
        name,
        resourceProps("User", name, args, USER_KEYS, { __createKey: createKey(name, "User", opts) }),
        withSecretOutputs(opts, USER_KEYS.secretOutputs),
        "influxdb",
        "User",
      );
    } finally {
      restoreStackTraces();
    }
  }
}
