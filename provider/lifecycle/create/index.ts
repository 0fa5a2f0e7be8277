export { type Created, CreateOutcomeError, type CreateSteps, createOnce } from "./create-once";
export {
  createAuthorizationOnce,
  createDatabaseTokenOnce,
  createJournal,
  createKeyOf,
  createOptions,
  engineHolds,
  useCreateJournal,
} from "./create-token";
export { type AttemptPhase, type CreateAttempt, CreateJournal, defaultJournalDir } from "./journal";
export { isMarkerDescription, MARKER_PREFIX, markerDescription } from "./marker";
export { isOutcomeUnknown } from "./outcome";
export { LATE_PROCESSING_MS, resetSweeps, type SweepSteps, sweepOnce } from "./sweep";
export { isThisProcess, mayBeRunning, THIS_WRITER, type Writer } from "./writer";
