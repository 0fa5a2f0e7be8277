import { jsonReply, type Reply } from "../http";

/**
 * Management API errors: `{"code": <integer HTTP status>, "message": "..."}` (behaviour B.5).
 * The real message texts are not public; ours name the problem (see emulator/DIFFERENCES.md).
 */
export class ManagementError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function managementErrorReply(e: ManagementError): Reply {
  return jsonReply(e.status, { code: e.status, message: e.message });
}

export const badRequest = (message: string) => new ManagementError(400, message);
export const notFound = (message = "not found") => new ManagementError(404, message);
