export {
  CreateOutcomeError,
  type CreateSteps,
  createOnce,
  PartialCreateError,
  resetSweeps,
} from "./create-once";
export { createAuthorizationOnce, createDatabaseTokenOnce, type OutputsOf } from "./create-token";
export { ResourceInitError } from "./init-error";
export { CURRENT_RUN, markedDescription, newMarker, parseMarked } from "./marker";
export { isOutcomeUnknown } from "./outcome";
