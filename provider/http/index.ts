export { describeAccessDenied } from "./access-denied";
export { type HttpMethod, InfluxApiError, MalformedResponseError } from "./errors";
export { REDACTED, redact } from "./redact";
export {
  buildUrl,
  closeHttpAgent,
  DEFAULT_TIMEOUTS,
  type HttpResponse,
  type RequestFn,
  type RequestOptions,
  type RetryBudget,
  request,
  setInsecureTlsWarner,
  type Timeouts,
  type TlsOptions,
} from "./request";
export { expectOptionalStrings, expectTokenObject, type ShapeFailure, withoutNulls } from "./response-shape";
export { DEFAULT_RETRY, type RetryOptions, withRetry } from "./retry";
export { observeServerDate, serverClockOffsetMs } from "./server-clock";
