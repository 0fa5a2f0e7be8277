export { type ManagementClient, managementClient, tokensPath } from "./client";
export type * from "./types";
