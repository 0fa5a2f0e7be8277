/**
 * Runs the token guides' shell examples as they are written: each lives verbatim in scripts/
 * (below a header naming its docs page), the test substitutes only the placeholders the page
 * asks the reader to replace (host, token, IDs), and bash runs it with the real curl and jq. A
 * recording proxy stands in for the host, so the test sees every request's status without
 * adding a flag to any command.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const SCRIPTS = path.join(__dirname, "scripts");
const VERBATIM_MARKER = "# ---- verbatim from here ----\n";

/**
 * The tools the guides' examples call; undefined when all are on PATH, else why the tests skip.
 * With GUIDE_TOOLS_REQUIRED set (for CI) a missing tool fails the run instead of skipping it.
 */
export function missingToolsReason(): string | undefined {
  const tools = ["bash", "curl", "jq", "xargs"];
  const missing = tools.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
  if (missing.length === 0) return undefined;
  const reason =
    `${missing.join(", ")} not on PATH. The token guides' examples run verbatim through bash ` +
    "with curl, jq and xargs (Debian: apt-get install -y curl jq findutils).";
  if (process.env["GUIDE_TOOLS_REQUIRED"]) throw new Error(`GUIDE EXAMPLES CANNOT RUN: ${reason}`);
  return `GUIDE EXAMPLES SKIPPED: ${reason}`;
}

/** The verbatim part of scripts/<name>.sh (what follows the header). */
export function guideScript(name: string): string {
  const text = readFileSync(path.join(SCRIPTS, `${name}.sh`), "utf8");
  const at = text.indexOf(VERBATIM_MARKER);
  if (at < 0) throw new Error(`scripts/${name}.sh has no verbatim marker`);
  return text.slice(at + VERBATIM_MARKER.length);
}

/**
 * Replaces each placeholder in one pass (so a substituted value is never substituted again),
 * longest first; a placeholder preceded by `$` is a shell variable the page reads from the
 * environment and is left alone.
 */
export function substitute(script: string, values: Record<string, string>): string {
  const keys = Object.keys(values).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return script;
  const escaped = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(?<!\\$)(?:${escaped.join("|")})`, "g");
  return script.replace(re, (m) => values[m] as string);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBash(script: string, env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Exchange {
  method: string;
  /** Path and query as curl sent them. */
  path: string;
  status: number;
  body: string;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of `upstream` that keeps every request's method, path and answer. */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = { ...req.headers, host: target.host };
      const out = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (up) => {
          const body: Buffer[] = [];
          up.on("data", (c: Buffer) => body.push(c));
          up.on("end", () => {
            const text = Buffer.concat(body);
            exchanges.push({
              method: req.method ?? "",
              path: req.url ?? "",
              status: up.statusCode ?? 0,
              body: text.toString("utf8"),
            });
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(text);
          });
        },
      );
      out.on("error", (e) => {
        res.writeHead(502);
        res.end(String(e));
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every top-level JSON value in `text`, in order (curl and jq print one after another). */
export function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') {
          inString = false;
          if (depth === 0) {
            i++;
            break;
          }
        }
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && /\s/.test(c as string)) break;
    }
    values.push(JSON.parse(text.slice(start, i)));
  }
  return values;
}

/**
 * What may differ between two servers given the same requests, replaced by a tag: IDs, token
 * strings, timestamps. Everything else (keys and their order, names, statuses) must match.
 */
export function normalize(value: unknown): unknown {
  if (typeof value === "string") return normalizeText(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

export function normalizeText(s: string): string {
  return s
    .replace(/\b[0-9a-f]{16}\b/g, "<id>")
    .replace(/^[A-Za-z0-9_-]{86}==$/, "<token>")
    .replace(/^apiv1_[A-Za-z0-9_-]+$/, "<database token>")
    .replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "<time>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<uuid>");
}

/** An exchange as two servers should both have answered it. */
export function exchangeShape(e: Exchange): { request: string; status: number; body: unknown[] } {
  let body: unknown[];
  try {
    body = jsonValues(e.body).map(normalize);
  } catch {
    body = [normalizeText(e.body)];
  }
  return { request: `${e.method} ${normalizeText(e.path)}`, status: e.status, body };
}
