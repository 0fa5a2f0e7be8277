/**
 * A small Markdown reader for the link check (links.test.ts): headings, links and repository
 * paths written in backticks, outside fenced code blocks. No dependency: the rules needed are few.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Generated or git-ignored paths the docs may name although a fresh clone does not have them. */
const GENERATED = ["docs/api", "dist", "bench/results.json", ".demo", ".cache", "node_modules"];

/** Code spans that look like paths but are values the docs show (a bad database name). */
const NOT_PATHS = new Set(["../../etc"]);

/** Folders never searched for Markdown files. */
const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist", "api"]);

/** Paths that name a place on one machine, not in the repository. */
const LOCAL_ABSOLUTE = /^(\/(work|home|root|Users|tmp|var|opt)\/|file:|[A-Za-z]:\\)/;

export interface Heading {
  text: string;
  slug: string;
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface RepoPath {
  path: string;
  line: number;
}

/** Each line of `text` with fenced code blocks blanked (``` and ~~~ fences). */
function proseLines(text: string): string[] {
  let fence: string | undefined;
  return text.split("\n").map((line) => {
    const marker = /^\s*(```+|~~~+)/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      return "";
    }
    return fence === undefined ? line : "";
  });
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, each space a hyphen. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/[`*]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
    .replace(/ /g, "-");
}

export function headings(text: string): Heading[] {
  const out: Heading[] = [];
  proseLines(text).forEach((line, index) => {
    const match = /^ {0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/.exec(line);
    if (match?.[1] !== undefined) out.push({ text: match[1], slug: githubSlug(match[1]), line: index + 1 });
  });
  return out;
}

/** Explicit anchors (`<a id="x">`, `<a name="x">`) count as headings for links. */
function htmlAnchors(text: string): string[] {
  return [...text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)].map((m) => m[1] as string);
}

const withoutCodeSpans = (line: string) => line.replace(/(`+)[^`]*?\1/g, (span) => " ".repeat(span.length));

export function links(text: string): Link[] {
  const out: Link[] = [];
  proseLines(text).forEach((raw, index) => {
    const line = withoutCodeSpans(raw);
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      out.push({ target: match[1] as string, line: index + 1 });
    }
    const reference = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(\s+"[^"]*")?\s*$/.exec(line);
    if (reference?.[1] !== undefined) out.push({ target: reference[1], line: index + 1 });
  });
  return out;
}

/**
 * Code spans that look like a path of this repository: no spaces or placeholders, and a first
 * segment that is a top-level entry of the repository (or `./`, `../`).
 */
export function repoPaths(text: string, topLevel: ReadonlySet<string>): RepoPath[] {
  const out: RepoPath[] = [];
  proseLines(text).forEach((line, index) => {
    for (const match of line.matchAll(/(`+)([^`]+?)\1/g)) {
      const span = (match[2] as string).trim();
      if (!/^(\.{1,2}\/)*[A-Za-z0-9_.@-]+(\/[A-Za-z0-9_.@-]+)*\/?$/.test(span)) continue;
      if (span.includes("...") || NOT_PATHS.has(span)) continue;
      const first = span.split("/")[0] as string;
      if (first === "." || first === ".." || topLevel.has(first)) out.push({ path: span, line: index + 1 });
    }
  });
  return out;
}

/** README.md, CHANGELOG.md, every .md under docs/ but docs/api/, and the examples' Markdown. */
export function markdownFiles(root: string): string[] {
  const found: string[] = ["README.md", "CHANGELOG.md"];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (entry.name.endsWith(".md")) found.push(rel);
    }
  };
  walk("docs");
  walk("examples");
  return found;
}

const isGenerated = (rel: string) => GENERATED.some((g) => rel === g || rel.startsWith(`${g}/`));

/** Every problem of one Markdown file, as `line N: ...` strings (empty: none). */
export function problems(root: string, file: string): string[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const dir = path.dirname(path.join(root, file));
  const out: string[] = [];
  const topLevel = new Set(readdirSync(root).filter((name) => name !== ".git" && name !== "node_modules"));
  for (const g of GENERATED) topLevel.add(g.split("/")[0] as string);

  const inside = (absolute: string) => absolute === root || absolute.startsWith(`${root}${path.sep}`);
  const headingCache = new Map<string, Set<string>>();
  const anchorsOf = (absolute: string): Set<string> => {
    let anchors = headingCache.get(absolute);
    if (anchors === undefined) {
      const content = readFileSync(absolute, "utf8");
      anchors = new Set([...headings(content).map((h) => h.slug), ...htmlAnchors(content)]);
      headingCache.set(absolute, anchors);
    }
    return anchors;
  };

  const seen = new Map<string, number>();
  for (const heading of headings(text)) {
    const first = seen.get(heading.slug);
    if (first !== undefined)
      out.push(`line ${heading.line}: heading "${heading.text}" repeats the heading of line ${first}`);
    else seen.set(heading.slug, heading.line);
  }

  text.split("\n").forEach((line, index) => {
    if (line.includes("../shared"))
      out.push(`line ${index + 1}: names ../shared, a folder outside the repository`);
  });

  for (const { target, line } of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("file:")) continue; // https:, mailto:
    if (target.startsWith("/") || LOCAL_ABSOLUTE.test(target)) {
      out.push(`line ${line}: link ${target} is an absolute path, not a path in the repository`);
      continue;
    }
    const [pathPart = "", anchor] = target.split("#", 2);
    const absolute = pathPart === "" ? path.join(root, file) : path.resolve(dir, decodeURI(pathPart));
    if (!inside(absolute)) {
      out.push(`line ${line}: link ${target} leaves the repository`);
      continue;
    }
    const rel = path.relative(root, absolute).split(path.sep).join("/");
    if (isGenerated(rel)) continue;
    if (!existsSync(absolute)) {
      out.push(`line ${line}: link ${target}: ${rel} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    const page = statSync(absolute).isDirectory() ? path.join(absolute, "README.md") : absolute;
    if (!page.endsWith(".md") || !existsSync(page)) {
      out.push(`line ${line}: link ${target}: an anchor into a file that is not Markdown`);
      continue;
    }
    if (!anchorsOf(page).has(anchor)) {
      out.push(
        `line ${line}: link ${target}: no heading of ${path.relative(root, page)} has the anchor #${anchor}`,
      );
    }
  }

  for (const { path: written, line } of repoPaths(text, topLevel)) {
    const base = written.startsWith("./") || written.startsWith("../") ? dir : root;
    const absolute = path.resolve(base, written);
    if (!inside(absolute)) {
      out.push(`line ${line}: \`${written}\` leaves the repository`);
      continue;
    }
    const rel = path.relative(root, absolute).split(path.sep).join("/");
    if (!isGenerated(rel) && !existsSync(absolute)) out.push(`line ${line}: \`${written}\` does not exist`);
  }

  text.split("\n").forEach((line, index) => {
    for (const match of line.matchAll(/`([^`\s]+)`/g)) {
      const span = match[1] as string;
      if (LOCAL_ABSOLUTE.test(span) && !span.startsWith("/tmp/") && !/[…<]/.test(span))
        out.push(`line ${index + 1}: \`${span}\` is a path on one machine, not in the repository`);
    }
  });
  return out;
}
