import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeHttpAgent } from "../../../../../provider/http";
import { namedTokenHooks, operatorTokenHooks } from "../../../../../provider/resources/influxdb3";
import { InputValidationError } from "../../../../../provider/shared/errors";
import { UNKNOWN } from "../../../../../provider/shared/unknown";
import { startServer } from "./harness";

/**
 * Bad inputs are refused at `check` (and again at `create`) with a property path and a fix,
 * using the server's own wording where it has one, and without sending a single request.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});
afterAll(() => closeHttpAgent());

type Props = Record<string, unknown>;
const db = (resourceNames: unknown, actions: unknown = ["read"]) => ({
  resourceType: "db",
  resourceNames,
  actions,
});

const cases: Array<[string, "OperatorToken" | "AdminToken" | "ResourceToken", Props, string, RegExp]> = [
  ["expiresIn 0", "AdminToken", { name: "a", expiresIn: "0s" }, "expiresIn", /already expired/],
  ["expiresIn 0 as a number", "AdminToken", { name: "a", expiresIn: 0 }, "expiresIn", /longer than 0/],
  ["negative seconds", "AdminToken", { name: "a", expiresIn: -5 }, "expiresIn", /longer than 0/],
  ["fractional seconds", "AdminToken", { name: "a", expiresIn: 1.5 }, "expiresIn", /whole number/],
  ["not a duration", "AdminToken", { name: "a", expiresIn: "soon" }, "expiresIn", /not a duration/],
  ["unknown unit", "AdminToken", { name: "a", expiresIn: "3 fortnights" }, "expiresIn", /unknown unit/],
  [
    "more than 1000 years",
    "AdminToken",
    { name: "a", expiresIn: "1001y" },
    "expiresIn",
    /at most 1000 years/,
  ],
  ["empty name", "AdminToken", { name: "" }, "name", /must not be empty/],
  ["the name _admin", "AdminToken", { name: "_admin" }, "name", /token name already exists, _admin/],
  ["spaces around the name", "AdminToken", { name: " ci " }, "name", /spaces/],
  [
    "an unknown property",
    "AdminToken",
    { name: "a", description: "x" },
    "description",
    /not a known property/,
  ],
  [
    "a URL that is not one",
    "AdminToken",
    { name: "a", connection: { url: "localhost:8181" } },
    "connection.url",
    /http/,
  ],
  [
    "credentials in the URL",
    "AdminToken",
    { name: "a", connection: { url: "http://u:p@127.0.0.1:1" } },
    "connection.url",
    /credentials/,
  ],
  [
    "no permissions",
    "ResourceToken",
    { name: "r", permissions: [] },
    "permissions",
    /at least one permission/,
  ],
  [
    "resource type *",
    "ResourceToken",
    { name: "r", permissions: [{ resourceType: "*", resourceNames: "*", actions: ["read"] }] },
    "permissions[0].resourceType",
    /cannot parse token permission, \* resource type can only be set for admin token/,
  ],
  [
    "resource type table",
    "ResourceToken",
    { name: "r", permissions: [{ resourceType: "table", resourceNames: "*", actions: ["read"] }] },
    "permissions[0].resourceType",
    /resource type not supported table/,
  ],
  [
    "wildcard mixed with names",
    "ResourceToken",
    { name: "r", permissions: [db(["*", "sensors"])] },
    "permissions[0].resourceNames",
    /mixed wildcard \(\*\) and resource name/,
  ],
  [
    "no resource names",
    "ResourceToken",
    { name: "r", permissions: [db([])] },
    "permissions[0].resourceNames",
    /at least one name/,
  ],
  [
    "a db action that does not exist",
    "ResourceToken",
    { name: "r", permissions: [db("*", ["admin"])] },
    "permissions[0].actions[0]",
    /action not supported, database action admin/,
  ],
  [
    "write on a system endpoint",
    "ResourceToken",
    { name: "r", permissions: [{ resourceType: "system", resourceNames: ["health"], actions: ["write"] }] },
    "permissions[0].actions[0]",
    /action not supported, system action write/,
  ],
  [
    "an unknown system endpoint",
    "ResourceToken",
    { name: "r", permissions: [{ resourceType: "system", resourceNames: ["status"], actions: ["read"] }] },
    "permissions[0].resourceNames[0]",
    /invalid resource name status/,
  ],
  [
    "no actions",
    "ResourceToken",
    { name: "r", permissions: [db("*", [])] },
    "permissions[0].actions",
    /at least one action/,
  ],
  ["permissions missing", "ResourceToken", { name: "r" }, "permissions", /.+/],
  ["an empty existingToken", "OperatorToken", { existingToken: "" }, "existingToken", /empty/],
  ["a rotationTrigger object", "OperatorToken", { rotationTrigger: { at: 1 } }, "rotationTrigger", /.+/],
];

describe("check refuses bad inputs before any request", () => {
  it(`has at least 15 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)("%s (%s)", async (_name, kind, inputs, property, reason) => {
    const server = await startServer("enterprise", cleanups);
    const hooks = kind === "OperatorToken" ? operatorTokenHooks() : namedTokenHooks(kind);
    const withConnection = { connection: server.connection, ...inputs };
    const checked = await hooks.check({}, withConnection);
    const failure = (checked.failures ?? []).find((f) => f.property === property);
    expect(failure, JSON.stringify(checked.failures)).toBeDefined();
    expect(failure?.reason).toMatch(reason);
    await expect(hooks.create(checked.inputs as Props)).rejects.toBeInstanceOf(InputValidationError);
    expect(server.requests()).toEqual([]);
  });

  it("tolerates unknown values during preview", async () => {
    const hooks = namedTokenHooks("ResourceToken");
    const checked = await hooks.check(
      {},
      { name: UNKNOWN, expiresIn: UNKNOWN, permissions: [db(UNKNOWN, [UNKNOWN])], connection: UNKNOWN },
    );
    expect(checked.failures ?? []).toEqual([]);
  });
});
