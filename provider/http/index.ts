export { type HttpMethod, InfluxApiError, isInfluxApiError } from "./errors";
export { REDACTED, redact } from "./redact";
export {
  buildUrl,
  closeHttpAgent,
  DEFAULT_TIMEOUTS,
  type HttpResponse,
  type RequestFn,
  type RequestOptions,
  request,
  type Timeouts,
} from "./request";
export { DEFAULT_RETRY, type RetryOptions, withRetry } from "./retry";
