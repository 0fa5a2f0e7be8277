import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../../emulator";

/**
 * What the users API leaves in a `--data` file (emulator only; the API side is in the v2 contract
 * suite): users and memberships survive a restart, a password is stored only as a salted hash,
 * and a file written before the users API existed keeps its users members of every org.
 */
const dir = mkdtempSync(path.join(tmpdir(), "emulator-users-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function call(url: string, token: string, method: string, p: string, body?: unknown) {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { Authorization: `Token ${token}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe("emulator users in the data file", () => {
  it("users, memberships and passwords survive a restart; the password is never stored in clear", async () => {
    const dataFile = path.join(dir, "users.json");
    const first = await startEmulator({ dataFile, seed: 5 });
    const org = first.seed.org.id;
    const user = await call(first.url, first.token, "POST", "/api/v2/users/", { name: "iot_user_1" });
    expect(user.status).toBe(201);
    const id = user.json.id as string;
    expect((await call(first.url, first.token, "POST", `/api/v2/orgs/${org}/members`, { id })).status).toBe(
      201,
    );
    const password = "a-secret-password-1";
    expect(
      (await call(first.url, first.token, "POST", `/api/v2/users/${id}/password`, { password })).status,
    ).toBe(204);
    await first.close();

    const text = readFileSync(dataFile, "utf8");
    expect(text).not.toContain(password);
    expect(JSON.parse(text).users.find((u: { id: string }) => u.id === id).passwordHash).toMatch(
      /^sha256:[0-9a-f]{32}:[0-9a-f]{64}$/,
    );

    const second = await startEmulator({ dataFile });
    try {
      expect(
        (await call(second.url, second.token, "GET", `/api/v2/users?name=iot_user_1`)).json.users[0].id,
      ).toBe(id);
      const members = await call(second.url, second.token, "GET", `/api/v2/orgs/${org}/members`);
      expect(members.json.users.map((u: { id: string }) => u.id)).toEqual([id]);
      const owners = await call(second.url, second.token, "GET", `/api/v2/orgs/${org}/owners`);
      expect(owners.json.users.map((u: { name: string }) => u.name)).toEqual(["admin"]);
      expect(second.state().users.map((u) => u.name)).toEqual(["admin", "iot_user_1"]);
    } finally {
      await second.close();
    }
  });

  it("a file from before the users API: every user stays an owner of every org", async () => {
    const dataFile = path.join(dir, "old.json");
    const fresh = await startEmulator({ dataFile, seed: 6 });
    const { org, user } = fresh.seed;
    await fresh.close();
    const old = JSON.parse(readFileSync(dataFile, "utf8"));
    delete old.orgMembers;
    writeFileSync(dataFile, JSON.stringify(old));

    const loaded = await startEmulator({ dataFile });
    try {
      const owners = await call(loaded.url, loaded.token, "GET", `/api/v2/orgs/${org.id}/owners`);
      expect(owners.json.users.map((u: { id: string }) => u.id)).toEqual([user.id]);
      const orgs = await call(loaded.url, loaded.token, "GET", `/api/v2/orgs?userID=${user.id}`);
      expect(orgs.json.orgs.map((o: { id: string }) => o.id)).toEqual([org.id]);
    } finally {
      await loaded.close();
    }
  });
});
