export { LookupError, type V2Client, v2Client } from "./client";
export { clearLookupCache } from "./lookup-cache";
export type * from "./types";
export { type V2UsersClient, v2UsersClient } from "./users";
