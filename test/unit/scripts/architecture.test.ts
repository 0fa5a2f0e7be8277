/**
 * The code's shape, held to its rules (scripts/architecture.ts measures it): no import cycle,
 * imports flow one way (sdk and cli -> provider entry points -> resources -> lifecycle ->
 * clients -> config -> shared -> http), no resource folder imports another, and the provider
 * and the emulator import nothing of each other or of the SDK.
 */
import { describe, expect, it } from "vitest";
import { cycles, folderOf, importGraph } from "../../../scripts/architecture";

const graph = importGraph();

/** Lower layers first; a module may import its own folder and lower layers only. */
const LAYERS: Array<(folder: string) => boolean> = [
  (f) => f === "provider/http",
  (f) => f === "provider/shared",
  (f) => f === "provider/config",
  (f) => f === "provider/clients" || f.startsWith("provider/clients/"),
  (f) => f === "provider/lifecycle",
  (f) => f.startsWith("provider/resources/"),
  (f) => f === "provider/lookups" || f === "provider/presets",
  (f) => f === "provider/serialized",
  (f) => f === "provider",
  (f) => f === "sdk" || f === "cli",
];
const layerOf = (folder: string) => LAYERS.findIndex((matches) => matches(folder));

/** The serialized providers reach the registry at run time, by the package's subpath. */
const RUNTIME_LOOKUP = (from: string, to: string) =>
  from.startsWith("provider/serialized/") && to === "provider/registry.ts";

const edges = [...graph.edges].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));

describe("architecture", () => {
  it("finds the modules it judges", () => {
    expect(graph.files.filter((f) => f.startsWith("provider/")).length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(200);
  });

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("imports flow one way: sdk -> provider -> api clients -> http", () => {
    const upward = edges.filter(({ from, to }) => {
      const a = folderOf(from);
      const b = folderOf(to);
      if (a === b || layerOf(a) < 0 || RUNTIME_LOOKUP(from, to)) return false;
      return layerOf(b) < 0 || layerOf(b) > layerOf(a);
    });
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("no resource folder imports another", () => {
    const across = edges.filter(({ from, to }) => {
      const a = folderOf(from);
      const b = folderOf(to);
      return a !== b && a.startsWith("provider/resources/") && b.startsWith("provider/resources/");
    });
    expect(across.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("the provider imports nothing of the SDK, the CLI or the emulator; the emulator nothing of either", () => {
    const wrong = edges.filter(
      ({ from, to }) =>
        (from.startsWith("provider/") && /^(sdk|cli|emulator)\//.test(to)) ||
        (from.startsWith("emulator/") && /^(provider|sdk|cli)\//.test(to)),
    );
    expect(wrong.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it("would catch a violation (the rules are not vacuous)", () => {
    expect(layerOf("provider/http")).toBeLessThan(layerOf("provider/clients/v2"));
    expect(layerOf(folderOf("provider/resources/authorization/hooks.ts"))).toBeGreaterThan(
      layerOf(folderOf("provider/lifecycle/create/journal.ts")),
    );
    expect(
      cycles({
        files: ["a", "b"],
        edges: new Map([
          ["a", ["b"]],
          ["b", ["a"]],
        ]),
      }),
    ).toEqual([["a", "b"]]);
  });
});
