import { describe, expect, it } from "vitest";
import { parseSelect, SqlError } from "../../../../emulator/influxdb3/sql";

describe("the emulator's SQL subset for system.tokens", () => {
  it("parses what `influxdb3 show tokens` sends", () => {
    expect(parseSelect("select * from system.tokens")).toEqual({
      columns: "*",
      table: "system.tokens",
      where: [],
    });
  });

  it("parses a lookup by name with an escaped quote, ORDER BY and LIMIT", () => {
    expect(
      parseSelect(
        `SELECT token_id, "name", expiry FROM system.tokens WHERE name = 'it''s' AND token_id = 3 ORDER BY token_id DESC LIMIT 1;`,
      ),
    ).toEqual({
      columns: ["token_id", "name", "expiry"],
      table: "system.tokens",
      where: [
        { column: "name", value: "it's" },
        { column: "token_id", value: 3 },
      ],
      orderBy: { column: "token_id", descending: true },
      limit: 1,
    });
  });

  it("parses $parameters", () => {
    expect(parseSelect("SELECT * FROM system.tokens WHERE name = $name").where).toEqual([
      { column: "name", value: { param: "name" } },
    ]);
  });

  it.each([
    ["DROP TABLE system.tokens"],
    ["SELECT * FROM system.tokens WHERE name LIKE 'a%'"],
    ["SELECT * FROM system.tokens WHERE name = 'unterminated"],
    ["SELECT * FROM system.tokens extra"],
  ])("refuses %s", (sql) => {
    expect(() => parseSelect(sql)).toThrow(SqlError);
  });
});
