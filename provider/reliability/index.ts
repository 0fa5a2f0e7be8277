export { CreateOutcomeError, type CreateSteps, createOnce } from "./create-once";
export {
  createAuthorizationOnce,
  createDatabaseTokenOnce,
  createJournal,
  createKeyOf,
  engineHolds,
  useCreateJournal,
} from "./create-token";
export { managementIdentity, v2Identity } from "./identity";
export { CreateJournal, CURRENT_RUN, defaultJournalDir, type PendingCreate } from "./journal";
export { isOutcomeUnknown } from "./outcome";
