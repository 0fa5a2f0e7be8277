import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * The process that wrote a create-journal entry, recorded so that another process can tell later
 * whether the writer may still be running. An entry of a running process is never acted on: that
 * process may be a second backend's `pulumi up`, or a CI job beside this one, whose POST has not
 * answered yet.
 */
export interface Writer {
  host: string;
  pid: number;
  /** The kernel's start time of the process (Linux `/proc/<pid>/stat` field 22): tells a reused pid apart. */
  start?: string;
}

/** Fields 3 and up of `/proc/<pid>/stat` (Linux), or undefined where there is no such file. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces; fields 3.. follow its ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

const ownStart = startTimeOf(process.pid);

/** This process. */
export const THIS_WRITER: Writer = {
  host: hostname(),
  pid: process.pid,
  ...(ownStart === undefined ? {} : { start: ownStart }),
};

export function isThisProcess(writer: Writer): boolean {
  return (
    writer.host === THIS_WRITER.host && writer.pid === THIS_WRITER.pid && writer.start === THIS_WRITER.start
  );
}

/**
 * Whether the writer may still be running. Errs on "yes": an entry of another machine (a shared
 * home folder) or of a process we cannot inspect is never taken for a dead one.
 */
export function mayBeRunning(writer: Writer): boolean {
  if (writer.host !== THIS_WRITER.host) return true;
  if (writer.pid === THIS_WRITER.pid) return writer.start === THIS_WRITER.start;
  try {
    process.kill(writer.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user. ESRCH: no such process.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
  // A killed process whose parent has not reaped it yet still answers kill(pid, 0): a zombie
  // (state Z, or X while it goes) runs nothing any more.
  const fields = statFields(writer.pid);
  if (fields?.[0] === "Z" || fields?.[0] === "X") return false;
  // The pid is in use: by the writer, unless the pid was reused by a later process.
  if (writer.start === undefined) return true;
  const start = fields?.[19];
  return start === undefined || start === writer.start;
}

/** The process that started this one: for the dynamic-provider host, the engine (the `pulumi` CLI). */
const startParent = process.ppid;

/**
 * Whether the engine that started this process has gone (killed): the process was re-parented.
 * A create that finishes then returns its token to nobody, so it must not be marked returned.
 */
export function engineGone(): boolean {
  return process.ppid !== startParent;
}
