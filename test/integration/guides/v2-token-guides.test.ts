/**
 * The v2 token guides' curl examples, verbatim (scripts/v2-*.sh for InfluxDB OSS v2 and Cloud,
 * scripts/serverless-*.sh for Cloud Serverless), run through bash against the emulator AND a real
 * influxd 2.9.1 side by side. Each example must give the status the docs lead you to expect, and
 * both servers must answer every request with the same status and the same response shape (IDs,
 * tokens and timestamps aside). Serverless has no users API of its own; its pages call the v2 API
 * as OSS and Cloud serve it, so its examples run against the same two servers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorServer } from "../../support/emulator";
import { startInfluxd } from "../../support/influxd";
import type { V2ServerFactory, V2TestServer } from "../../support/v2-server";
import {
  type Exchange,
  exchangeShape,
  guideScript,
  jsonValues,
  missingToolsReason,
  normalize,
  type RecordingProxy,
  type RunResult,
  runBash,
  startRecordingProxy,
  substitute,
} from "./guide-runner";

interface Target {
  name: "emulator" | "influxd";
  server: V2TestServer;
  proxy: RecordingProxy;
}

interface Outcome {
  run: RunResult;
  exchanges: Exchange[];
  // biome-ignore lint/suspicious/noExplicitAny: printed JSON, checked field by field
  output: any[];
}

const skipReason = missingToolsReason();
if (skipReason) console.warn(skipReason);

const FACTORIES: [Target["name"], V2ServerFactory][] = [
  ["emulator", startEmulatorServer],
  ["influxd", startInfluxd],
];

describe.skipIf(skipReason !== undefined)("v2 token guides, verbatim, on the emulator and on influxd", () => {
  const targets: Target[] = [];

  beforeAll(async () => {
    for (const [name, factory] of FACTORIES) {
      const server = await factory();
      targets.push({ name, server, proxy: await startRecordingProxy(server.url) });
    }
  });
  afterAll(async () => {
    for (const t of targets) {
      await t.proxy.close();
      await t.server.stop();
    }
  });

  /** The placeholders each docs page marks for replacement, for one target. */
  const placeholders = (t: Target, extra: Record<string, string> = {}) => ({
    // InfluxDB OSS v2 / Cloud pages
    "http://localhost:8086": t.proxy.url,
    YOUR_API_TOKEN: t.server.token,
    YOUR_ORG_ID: t.server.org.id,
    // Cloud Serverless pages
    "https://cloud2.influxdata.com": t.proxy.url,
    "https://us-west-2-1.aws.{{< influxdb/host >}}": t.proxy.url,
    "https://{{< influxdb/host >}}": t.proxy.url,
    API_TOKEN: t.server.token,
    ORG_ID: t.server.org.id,
    ...extra,
  });

  /** Runs one guide script on one target; env carries the variables a page assumes are set. */
  async function runOn(t: Target, script: string, extra: Record<string, string> = {}): Promise<Outcome> {
    const before = t.proxy.exchanges.length;
    const run = await runBash(substitute(guideScript(script), placeholders(t, extra)), {
      INFLUX_TOKEN: t.server.token,
      INFLUX_OP_TOKEN: t.server.token,
    });
    return { run, exchanges: t.proxy.exchanges.slice(before), output: jsonValues(run.stdout) };
  }

  /** Runs on every target and checks the two answered alike; returns the outcomes by target name. */
  async function runEverywhere(
    script: string,
    extra: (t: Target) => Record<string, string> = () => ({}),
  ): Promise<Record<Target["name"], Outcome>> {
    const outcomes = {} as Record<Target["name"], Outcome>;
    for (const t of targets) outcomes[t.name] = await runOn(t, script, extra(t));
    const shape = (o: Outcome) => ({
      exit: o.run.code,
      exchanges: o.exchanges.map(exchangeShape),
      output: o.output.map(normalize),
    });
    expect(shape(outcomes.emulator), `${script}: the emulator answers as influxd does`).toEqual(
      shape(outcomes.influxd),
    );
    return outcomes;
  }

  const requests = (o: Outcome) => o.exchanges.map((e) => `${e.method} ${e.path.split("?")[0]} ${e.status}`);
  const api = async (t: Target, method: string, p: string, body?: unknown, token = t.server.token) => {
    const res = await fetch(`${t.server.url}${p}`, {
      method,
      headers: { Authorization: `Token ${token}`, "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const userId = async (t: Target, name: string) =>
    (await api(t, "GET", `/api/v2/users?name=${name}`)).json.users[0].id as string;
  const created: Record<Target["name"], string[]> = { emulator: [], influxd: [] };

  describe('"Create a token"', () => {
    it.each([
      ["v2-token-create", "iot-center-device"],
      ["serverless-token-create", "iot-center-serverless"],
    ])(
      "%s: POST /api/v2/authorizations with orgID and permissions => 201; the bucket `name` is dropped",
      async (script, description) => {
        const outcomes = await runEverywhere(script, () => ({ AUTHORIZATION_DESCRIPTION: description }));
        for (const t of targets) {
          const o = outcomes[t.name];
          expect(o.run.code, o.run.stderr).toBe(0);
          expect(requests(o)).toEqual(["POST /api/v2/authorizations 201"]);
          const [a] = o.output;
          expect(a).toMatchObject({ status: "active", description, orgID: t.server.org.id, user: "admin" });
          expect(a.token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
          const org = { orgID: t.server.org.id, org: t.server.org.name };
          // A resource has no `name` on the server: the write goes to every bucket of the org.
          expect(a.permissions).toEqual([
            { action: "read", resource: { type: "authorizations", ...org } },
            { action: "read", resource: { type: "buckets", ...org } },
            { action: "write", resource: { type: "buckets", ...org } },
          ]);
          created[t.name].push(a.id);
        }
      },
    );

    it("v2-tokens-create-with-user: the shell function creates iot_user_1 (POST /api/v2/users/ => 201), finds it and prints a token scoped to it", async () => {
      const outcomes = await runEverywhere("v2-tokens-create-with-user");
      for (const t of targets) {
        const o = outcomes[t.name];
        expect(o.run.code, o.run.stderr).toBe(0);
        expect(requests(o)).toEqual([
          "POST /api/v2/users/ 201",
          "GET /api/v2/users 200",
          "POST /api/v2/authorizations 201",
        ]);
        expect(o.exchanges[1]?.path).toBe("/api/v2/users?name=iot_user_1");
        const [user, token] = o.output;
        expect(user).toMatchObject({ name: "iot_user_1", status: "active" });
        expect(token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
        const auth = JSON.parse(o.exchanges[2]?.body ?? "");
        expect(auth).toMatchObject({ userID: user.id, user: "iot_user_1", description: "iot_user_1" });
        expect(auth.permissions).toEqual([{ action: "read", resource: { type: "buckets" } }]);
        // The token works: read on every bucket.
        expect((await api(t, "GET", "/api/v2/buckets", undefined, token)).status).toBe(200);
      }
    });

    it("serverless-tokens-create-with-user: run again, the user exists (422 conflict printed), the function still finds it and prints a new token", async () => {
      const outcomes = await runEverywhere("serverless-tokens-create-with-user");
      for (const t of targets) {
        const o = outcomes[t.name];
        expect(o.run.code, o.run.stderr).toBe(0);
        expect(requests(o)).toEqual([
          "POST /api/v2/users/ 422",
          "GET /api/v2/users 200",
          "POST /api/v2/authorizations 201",
        ]);
        const [conflict, token] = o.output;
        expect(conflict).toEqual({ code: "conflict", message: "user with name iot_user_1 already exists" });
        expect(token).toMatch(/^[A-Za-z0-9_-]{86}==$/);
        const list = await api(t, "GET", "/api/v2/authorizations?user=iot_user_1");
        expect(list.json.authorizations).toHaveLength(2);
      }
    });
  });

  describe('"View tokens"', () => {
    it.each(["v2-tokens-view", "serverless-tokens-view"])(
      "%s: GET /api/v2/authorizations => 200 with every token made so far",
      async (script) => {
        const outcomes = await runEverywhere(script);
        for (const t of targets) {
          const o = outcomes[t.name];
          expect(o.run.code, o.run.stderr).toBe(0);
          expect(requests(o)).toEqual(["GET /api/v2/authorizations 200"]);
          const ids = o.output[0].authorizations.map((a: { id: string }) => a.id);
          for (const id of created[t.name]) expect(ids).toContain(id);
          // The operator's token, two guide tokens and the two tokens of iot_user_1.
          expect(ids).toHaveLength(5);
        }
      },
    );

    it("serverless-view-single-token: GET /api/v2/authorizations/AUTHORIZATION_ID => 200", async () => {
      const outcomes = await runEverywhere("serverless-view-single-token", (t) => ({
        AUTHORIZATION_ID: created[t.name][0] as string,
      }));
      for (const t of targets) {
        const o = outcomes[t.name];
        expect(requests(o)).toEqual([`GET /api/v2/authorizations/${created[t.name][0]} 200`]);
        expect(o.output[0]).toMatchObject({ id: created[t.name][0], description: "iot-center-device" });
        // OSS 2.9 stores tokens hashed: after creation the value is gone.
        expect(o.output[0].token).toBe("");
      }
    });

    it.each(["v2-tokens-view-filter", "serverless-tokens-view-filter"])(
      "%s: the user's ID by name, then its tokens by userID (both with a trailing slash): prints only the active ones with a write permission",
      async (script) => {
        const writers: Record<string, string> = {};
        for (const t of targets) {
          const uid = await userId(t, "iot_user_1");
          const write = [{ action: "write", resource: { type: "buckets", orgID: t.server.org.id } }];
          const active = await api(t, "POST", "/api/v2/authorizations", {
            orgID: t.server.org.id,
            userID: uid,
            description: `${script} writer`,
            permissions: write,
          });
          await api(t, "POST", "/api/v2/authorizations", {
            orgID: t.server.org.id,
            userID: uid,
            status: "inactive",
            description: `${script} retired writer`,
            permissions: write,
          });
          writers[t.name] = active.json.id;
        }
        const outcomes = await runEverywhere(script);
        for (const t of targets) {
          const o = outcomes[t.name];
          expect(o.run.code, o.run.stderr).toBe(0);
          expect(requests(o)).toEqual(["GET /api/v2/users/ 200", "GET /api/v2/authorizations/ 200"]);
          const printed = o.output.map((a: { description: string }) => a.description).sort();
          // Earlier examples' writers are still there and still match.
          const expected =
            script === "v2-tokens-view-filter"
              ? ["v2-tokens-view-filter writer"]
              : ["serverless-tokens-view-filter writer", "v2-tokens-view-filter writer"];
          expect(printed).toEqual(expected);
          expect(o.output.map((a: { id: string }) => a.id)).toContain(writers[t.name]);
        }
      },
    );
  });

  describe('"Update a token" and "Delete a token" (the first token of user2)', () => {
    beforeAll(async () => {
      for (const t of targets) {
        const user = await api(t, "POST", "/api/v2/users", { name: "user2" });
        for (const description of ["user2 first", "user2 second"]) {
          await api(t, "POST", "/api/v2/authorizations", {
            orgID: t.server.org.id,
            userID: user.json.id,
            description,
            permissions: [{ action: "read", resource: { type: "buckets", orgID: t.server.org.id } }],
          });
        }
      }
    });

    it.each(["v2-update-tokens", "serverless-update-tokens"])(
      "%s: GET ?user=user2 then PATCH the first => 200, deactivated",
      async (script) => {
        const outcomes = await runEverywhere(script);
        for (const t of targets) {
          const o = outcomes[t.name];
          expect(o.run.code, o.run.stderr).toBe(0);
          expect(requests(o)).toEqual([
            "GET /api/v2/authorizations 200",
            `PATCH ${o.exchanges[1]?.path} 200`,
          ]);
          expect(o.output[0]).toMatchObject({
            description: "deactivated_auth",
            status: "inactive",
            user: "user2",
          });
        }
      },
    );

    it.each([
      ["v2-delete-token", ["user2 second"]],
      ["serverless-delete-token", []],
    ])("%s: GET ?user=user2 then DELETE the first => 204", async (script, left) => {
      const outcomes = await runEverywhere(script);
      for (const t of targets) {
        const o = outcomes[t.name];
        expect(o.run.code, o.run.stderr).toBe(0);
        expect(requests(o)).toEqual(["GET /api/v2/authorizations 200", `DELETE ${o.exchanges[1]?.path} 204`]);
        expect(o.run.stdout).toBe("");
        const list = await api(t, "GET", "/api/v2/authorizations?user=user2");
        expect(list.json.authorizations.map((a: { description: string }) => a.description)).toEqual(left);
      }
    });
  });
});
