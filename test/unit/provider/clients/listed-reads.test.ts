import { describe, expect, it } from "vitest";
import { ListedReads } from "../../../../provider/clients/listed-reads";

interface Token {
  id: string;
  description: string;
}

/** A server of tokens whose GETs and lists are counted; `fail` makes lists throw. */
function server(ids: string[]) {
  const tokens = new Map(ids.map((id) => [id, { id, description: `token ${id}` }]));
  const counts = { get: 0, list: 0 };
  let fail = false;
  return {
    tokens,
    counts,
    failLists: () => {
      fail = true;
    },
    getOne: (id: string) => async () => {
      counts.get++;
      return tokens.get(id);
    },
    listAll: async (): Promise<Token[]> => {
      counts.list++;
      if (fail) throw new Error("503 service unavailable");
      return [...tokens.values()].map((t) => ({ ...t }));
    },
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describe("ListedReads", () => {
  it("answers the first reads of a scope with GETs and the rest from one shared list", async () => {
    const s = server(ids(50));
    const reads = new ListedReads<Token>(() => 0, 10, 10_000);
    const found = await Promise.all(ids(50).map((id) => reads.read("org-a", id, s.getOne(id), s.listAll)));
    expect(found.map((t) => t?.id)).toEqual(ids(50));
    expect(s.counts).toEqual({ get: 10, list: 1 });
  });

  it("never decides from the list that a token is gone: an ID it lacks gets its own GET", async () => {
    const s = server(ids(12));
    const reads = new ListedReads<Token>(() => 0, 2, 10_000);
    for (const id of ids(3)) await reads.read("org-a", id, s.getOne(id), s.listAll);
    expect(s.counts).toEqual({ get: 2, list: 1 });
    // Created after the list was sent: the list lacks it, the GET finds it.
    s.tokens.set("late", { id: "late", description: "created since" });
    expect(await reads.read("org-a", "late", s.getOne("late"), s.listAll)).toEqual({
      id: "late",
      description: "created since",
    });
    // Absent everywhere: the GET says so (404 -> undefined), not the list.
    expect(await reads.read("org-a", "gone", s.getOne("gone"), s.listAll)).toBeUndefined();
    expect(s.counts).toEqual({ get: 4, list: 1 });
  });

  it("keeps scopes apart and lists again once a list is older than its maximum age", async () => {
    let now = 0;
    const s = server(ids(5));
    const reads = new ListedReads<Token>(() => now, 0, 1_000);
    await reads.read("org-a", "t0", s.getOne("t0"), s.listAll);
    await reads.read("org-b", "t0", s.getOne("t0"), s.listAll);
    expect(s.counts).toEqual({ get: 0, list: 2 });
    now = 1_000;
    await reads.read("org-a", "t1", s.getOne("t1"), s.listAll);
    expect(s.counts.list).toBe(2);
    now = 1_001;
    s.tokens.get("t2")!.description = "changed out of band";
    expect((await reads.read("org-a", "t2", s.getOne("t2"), s.listAll))?.description).toBe(
      "changed out of band",
    );
    expect(s.counts.list).toBe(3);
  });

  it("answers no read after a write from a list sent before it", async () => {
    const s = server(ids(5));
    const reads = new ListedReads<Token>(() => 0, 0, 10_000);
    await reads.read("org-a", "t0", s.getOne("t0"), s.listAll);
    s.tokens.get("t1")!.description = "patched by this process";
    reads.written();
    expect((await reads.read("org-a", "t1", s.getOne("t1"), s.listAll))?.description).toBe(
      "patched by this process",
    );
    expect(s.counts).toEqual({ get: 0, list: 2 });
  });

  it("turns a scope back to GETs when its list fails, without failing the read", async () => {
    const s = server(ids(5));
    s.failLists();
    const reads = new ListedReads<Token>(() => 0, 0, 10_000);
    const found = await Promise.all(ids(5).map((id) => reads.read("org-a", id, s.getOne(id), s.listAll)));
    expect(found.map((t) => t?.id)).toEqual(ids(5));
    await reads.read("org-a", "t0", s.getOne("t0"), s.listAll);
    // The five concurrent reads shared the one failed list; afterwards no list is tried again.
    expect(s.counts).toEqual({ get: 6, list: 1 });
  });
});
