import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { StateData } from "./store";

/** Reads a `--data` file; undefined when it does not exist yet. */
export function loadState(file: string): StateData | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
  let data: StateData;
  try {
    data = JSON.parse(text) as StateData;
  } catch (e) {
    throw new Error(
      `${file} is not an emulator state file (${(e as Error).message}); move it away or pick another --data path`,
    );
  }
  if (data?.version !== 1 || !Array.isArray(data.authorizations)) {
    throw new Error(
      `${file}: unsupported emulator state (version ${String(data?.version)}); move it away or pick another --data path`,
    );
  }
  return data;
}

/** Write to a temporary file, fsync, rename: a crash leaves the old file or the new one, never half. */
export function saveStateAtomic(file: string, data: StateData): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, JSON.stringify(data, null, 2) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * Coalesces saves: a burst of changes (a 1,000-token `pulumi up`) costs one write per `delayMs`,
 * and `flush()` (on close, SIGINT, SIGTERM) writes whatever is pending at once.
 */
export class Persister {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly data: () => StateData,
    private readonly delayMs = 20,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    saveStateAtomic(this.file, this.data());
  }
}
