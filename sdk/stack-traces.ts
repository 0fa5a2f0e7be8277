/**
 * Pulumi's Node SDK records a stack trace for every promise it creates while registering a
 * resource (`debuggablePromise` in @pulumi/pulumi/runtime/debuggable), several per property, and
 * shows them only when PULUMI_DEBUG_PROMISE_LEAKS is set. Under ts-node, which is how `pulumi up`
 * runs a TypeScript program, each trace goes through source-map support: measured 13-18 ms of
 * program CPU per Authorization (21 properties), 1.5-2.6 ms without the traces. So
 * our resource constructors register with traces off, unless that variable asks for them.
 *
 * Returns the function that restores the limit; call it in a `finally` right after `super(...)`.
 */
export function pauseStackTraces(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
