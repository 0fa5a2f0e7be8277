/**
 * The documentation's links hold: every relative link and every repository path written in
 * backticks in README.md, CHANGELOG.md, docs/ (not the generated docs/api/) and the examples'
 * READMEs names a file or folder of this repository, every `#anchor` names a heading of its
 * target (GitHub's slug rules), nothing points outside the repository, and no file has two
 * headings with the same text (their anchors would collide).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { githubSlug, headings, links, markdownFiles, problems, repoPaths } from "./markdown";

const root = path.resolve(__dirname, "..", "..", "..");

describe("markdown helpers", () => {
  it("slugs headings as GitHub does", () => {
    expect(githubSlug("A.7 `PATCH /api/v2/authorizations/{authID}` → 200")).toBe(
      "a7-patch-apiv2authorizationsauthid--200",
    );
    expect(githubSlug("Tokens of a dedicated user")).toBe("tokens-of-a-dedicated-user");
    expect(githubSlug("`influxdb3` CLI equivalents")).toBe("influxdb3-cli-equivalents");
    expect(githubSlug("Reading a token without managing it: `get`")).toBe(
      "reading-a-token-without-managing-it-get",
    );
    expect(githubSlug("D.10 Expiry semantics and issue #27620")).toBe("d10-expiry-semantics-and-issue-27620");
    expect(githubSlug("snake_case kept")).toBe("snake_case-kept");
  });

  it("skips fenced code, and finds links, headings and paths", () => {
    const text = [
      "# Title",
      "```sh",
      "# not a heading [not](a-link.md) `docs/nothing.md`",
      "```",
      "See [x](docs/a.md#b) and `provider/index.ts`, not `/api/v2/write` or `orgs/my-org`.",
      "## Title",
    ].join("\n");
    expect(headings(text).map((h) => h.text)).toEqual(["Title", "Title"]);
    expect(links(text).map((l) => l.target)).toEqual(["docs/a.md#b"]);
    expect(repoPaths(text, new Set(["provider", "docs"])).map((p) => p.path)).toEqual(["provider/index.ts"]);
  });
});

describe("the check itself", () => {
  it("reports every kind of broken link, and nothing for good ones", () => {
    const repo = mkdtempSync(path.join(tmpdir(), "links-"));
    try {
      mkdirSync(path.join(repo, "docs"));
      mkdirSync(path.join(repo, "provider"));
      writeFileSync(path.join(repo, "provider", "index.ts"), "");
      writeFileSync(path.join(repo, "docs", "page.md"), "# Page\n\n## A.7 `PATCH /x/{id}` → 200\n");
      writeFileSync(
        path.join(repo, "README.md"),
        [
          "# Readme",
          "[good](docs/page.md#a7-patch-xid--200) [good too](#readme) [web](https://example.com/x)",
          "`provider/index.ts` and `docs/page.md` exist; `/api/v2/write` is an API path.",
          "[missing](docs/nothing.md) [bad anchor](docs/page.md#a7) [outside](../shared/BEHAVIOR.md)",
          "[absolute](/work/main/docs/page.md) `provider/gone.ts` `/home/me/file.md`",
          "## Readme",
        ].join("\n"),
      );
      const found = problems(repo, "README.md");
      expect(found).toEqual([
        'line 6: heading "Readme" repeats the heading of line 1',
        "line 4: names ../shared, a folder outside the repository",
        "line 4: link docs/nothing.md: docs/nothing.md does not exist",
        "line 4: link docs/page.md#a7: no heading of docs/page.md has the anchor #a7",
        "line 4: link ../shared/BEHAVIOR.md leaves the repository",
        "line 5: link /work/main/docs/page.md is an absolute path, not a path in the repository",
        "line 5: `provider/gone.ts` does not exist",
        "line 5: `/home/me/file.md` is a path on one machine, not in the repository",
      ]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe("documentation links", () => {
  const files = markdownFiles(root);

  it("covers README, CHANGELOG, docs/ and the examples", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("CHANGELOG.md");
    expect(files).toContain("docs/guarantees.md");
    expect(files.some((f) => f.startsWith("examples/"))).toBe(true);
    expect(files.some((f) => f.startsWith("docs/api/"))).toBe(false);
  });

  it.each(files)(
    "%s: links resolve, paths exist, nothing leaves the repository, headings are unique",
    (file) => {
      expect(problems(root, file)).toEqual([]);
    },
  );

  it("README.md is short: at most 300 lines", () => {
    const lines = readFileSync(path.join(root, "README.md"), "utf8").split("\n").length;
    expect(lines).toBeLessThanOrEqual(300);
  });

  it("README.md links every page of docs/ (not docs/api, not the behaviour pages one by one)", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const targets = new Set(links(readme).map((l) => l.target.split("#")[0]));
    const pages = readdirSync(path.join(root, "docs"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md") && !f.startsWith("api") && !f.startsWith("behaviour/"))
      .map((f) => `docs/${f.split(path.sep).join("/")}`);
    expect(pages.filter((page) => !targets.has(page))).toEqual([]);
    expect(targets.has("docs/behaviour/README.md") || targets.has("docs/behaviour/")).toBe(true);
  });

  it("typedoc takes its front page from README.md", () => {
    const options = JSON.parse(readFileSync(path.join(root, "docs", "typedoc.json"), "utf8"));
    const readme = path.resolve(root, "docs", options.readme);
    expect(readme).toBe(path.join(root, "README.md"));
    expect(existsSync(readme) && statSync(readme).isFile()).toBe(true);
  });
});
