/**
 * The tiny SQL subset the emulator answers on `system.tokens` (behaviour D.8), enough for
 * `influxdb3 show tokens` (`select * from system.tokens`) and for a provider reading one token:
 *
 *   SELECT * | col[, col...] FROM system.tokens
 *     [WHERE col = <'text' | number | $param> [AND ...]] [ORDER BY col [ASC|DESC]] [LIMIT n] [;]
 *
 * Keywords are case-insensitive; identifiers may be double-quoted; `''` escapes a quote in a string.
 */
export type SqlValue = string | number | { param: string };

export interface SelectQuery {
  columns: "*" | string[];
  table: string;
  where: Array<{ column: string; value: SqlValue }>;
  orderBy?: { column: string; descending: boolean };
  limit?: number;
}

type Tok =
  | { t: "word"; v: string; quoted: boolean }
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "param"; v: string }
  | { t: "sym"; v: string };

export class SqlError extends Error {}

function tokenize(sql: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlError("unterminated string literal");
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += sql[i++];
      }
      toks.push({ t: "str", v });
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) throw new SqlError("unterminated quoted identifier");
      toks.push({ t: "word", v: sql.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(sql.slice(i)) as RegExpExecArray;
      toks.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (c === "$") {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(sql.slice(i));
      if (!m) throw new SqlError("invalid parameter placeholder");
      toks.push({ t: "param", v: m[1] as string });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i)) as RegExpExecArray;
      toks.push({ t: "word", v: m[0], quoted: false });
      i += m[0].length;
    } else if (",.*=;".includes(c)) {
      toks.push({ t: "sym", v: c });
      i++;
    } else {
      throw new SqlError(`unsupported character '${c}'`);
    }
  }
  return toks;
}

export function parseSelect(sql: string): SelectQuery {
  const toks = tokenize(sql);
  let pos = 0;
  const peek = () => toks[pos];
  const isKeyword = (word: string) => {
    const tok = peek();
    return tok?.t === "word" && !tok.quoted && tok.v.toLowerCase() === word;
  };
  const expectKeyword = (word: string) => {
    if (!isKeyword(word)) throw new SqlError(`expected ${word.toUpperCase()}`);
    pos++;
  };
  const isSym = (sym: string) => {
    const tok = peek();
    return tok?.t === "sym" && tok.v === sym;
  };
  const identifier = (): string => {
    const tok = peek();
    if (tok?.t !== "word") throw new SqlError("expected an identifier");
    pos++;
    return tok.quoted ? tok.v : tok.v.toLowerCase();
  };

  expectKeyword("select");
  let columns: "*" | string[];
  if (isSym("*")) {
    pos++;
    columns = "*";
  } else {
    columns = [identifier()];
    while (isSym(",")) {
      pos++;
      columns.push(identifier());
    }
  }
  expectKeyword("from");
  let table = identifier();
  if (isSym(".")) {
    pos++;
    table = `${table}.${identifier()}`;
  }
  const query: SelectQuery = { columns, table, where: [] };
  if (isKeyword("where")) {
    pos++;
    for (;;) {
      const column = identifier();
      if (!isSym("=")) throw new SqlError("only `column = value` conditions are supported");
      pos++;
      const tok = peek();
      pos++;
      if (tok?.t === "str" || tok?.t === "num") query.where.push({ column, value: tok.v });
      else if (tok?.t === "param") query.where.push({ column, value: { param: tok.v } });
      else throw new SqlError("expected a literal or $parameter after =");
      if (!isKeyword("and")) break;
      pos++;
    }
  }
  if (isKeyword("order")) {
    pos++;
    expectKeyword("by");
    const column = identifier();
    let descending = false;
    if (isKeyword("asc") || isKeyword("desc")) {
      descending = isKeyword("desc");
      pos++;
    }
    query.orderBy = { column, descending };
  }
  if (isKeyword("limit")) {
    pos++;
    const tok = peek();
    if (tok?.t !== "num") throw new SqlError("expected a number after LIMIT");
    pos++;
    query.limit = tok.v;
  }
  if (isSym(";")) pos++;
  if (pos !== toks.length) throw new SqlError("unexpected text after the query");
  return query;
}
