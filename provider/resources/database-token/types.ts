import type { ManagementConnectionInput } from "../../config";
import type { DatabaseTokenInputs } from "./schema";

/**
 * Provider-side (plain) DatabaseToken inputs after validation: the schema's own type. A type-only
 * import: nothing here loads zod or the schema at run time.
 */
export type { DatabaseTokenInputs };

/** A database name (1-64 chars) or "*" for all databases, with `read` or `write` (behaviour B.2). */
export type DatabaseTokenPermission = NonNullable<DatabaseTokenInputs["permissions"]>[number];

/** What the provider stores as outputs (state); every key the SDK class declares. */
export type DatabaseTokenOutputs = {
  description: string;
  permissions: DatabaseTokenPermission[];
  accessToken?: string;
  createdAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  /** Cloud Dedicated only. */
  accountId?: string;
  clusterId?: string;
  connection?: ManagementConnectionInput;
  /** True when `create` took over an existing token (`adoptId`). */
  adopted: boolean;
  /** False when `accessToken` is unknown: adopted without `adoptedToken`. */
  tokenKnown: boolean;
  rotateAfter?: string;
  rotationTrigger?: unknown;
  rotationDueAt?: string;
};
