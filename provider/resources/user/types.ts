import type { V2ConnectionInput } from "../../config";
import type { UserInputs } from "./schema";

/** Provider-side User inputs after validation (type-only: nothing here loads zod). */
export type { UserInputs };

/** What the provider stores as outputs (state); every key the SDK class declares. */
export type UserOutputs = {
  /** The user's ID, also the Pulumi ID. */
  userId: string;
  name: string;
  status: "active" | "inactive";
  /** Stored to diff against the next program (write-only: the server never shows it). */
  password?: string;
  /** The memberships as given (IDs or names), in the order of `orgIds`. */
  orgMemberships?: string[];
  /** The org IDs the user is a member of, one per `orgMemberships` entry (the provider's ones only). */
  orgIds: string[];
  deleteWithTokens?: boolean;
  connection?: V2ConnectionInput;
};
