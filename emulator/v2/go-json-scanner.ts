/**
 * Scans the first JSON value of `text` as Go's `encoding/json` scanner does (`scanner.go`): its
 * end offset, or the error text Go gives for it when malformed (no `error` when well formed: Go's
 * Decoder then ignores whatever follows). Used after JSON.parse failed, to word the error as
 * influxd does.
 */
export function scanFirstValue(text: string): { error?: string; end: number } {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && " \t\r\n".includes(text[i] as string)) i++;
  };
  const quote = (c: string) => {
    if (c === "'") return "'\\''";
    if (c === '"') return "'\"'";
    const json = JSON.stringify(c);
    return `'${json.slice(1, -1)}'`;
  };
  const bad = (context: string) => `invalid character ${quote(text[i] as string)} ${context}`;
  class Stop {
    constructor(readonly message: string) {}
  }
  const eof = () => new Stop("unexpected EOF");

  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= n) throw eof();
      if (text[i] !== word[k])
        throw new Stop(bad(`in literal ${word} (expecting ${quote(word[k] as string)})`));
    }
    i++;
  };

  const digits = (context: string, required: boolean) => {
    const start = i;
    while (i < n && /[0-9]/.test(text[i] as string)) i++;
    if (required && i === start) {
      if (i >= n) throw eof();
      throw new Stop(bad(context));
    }
  };

  const number = () => {
    if (text[i] === "-") {
      i++;
      if (i >= n) throw eof();
      if (!/[0-9]/.test(text[i] as string)) throw new Stop(bad("in numeric literal"));
    }
    if (text[i] === "0") i++;
    else digits("in numeric literal", true);
    if (text[i] === ".") {
      i++;
      digits("after decimal point in numeric literal", true);
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits("in exponent of numeric literal", true);
    }
  };

  const string = () => {
    i++;
    for (;;) {
      if (i >= n) throw eof();
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        i++;
        if (i >= n) throw eof();
        const e = text[i] as string;
        if (e === "u") {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n) throw eof();
            if (!/[0-9a-fA-F]/.test(text[i] as string))
              throw new Stop(bad("in \\u hexadecimal character escape"));
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          throw new Stop(bad("in string escape code"));
        }
      } else if (c < " ") {
        throw new Stop(bad("in string literal"));
      }
      i++;
    }
  };

  const value = (): void => {
    ws();
    if (i >= n) throw eof();
    const c = text[i] as string;
    if (c === "{") {
      i++;
      ws();
      if (i >= n) throw eof();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (i >= n) throw eof();
        if (text[i] !== '"') throw new Stop(bad("looking for beginning of object key string"));
        string();
        ws();
        if (i >= n) throw eof();
        if (text[i] !== ":") throw new Stop(bad("after object key"));
        i++;
        value();
        ws();
        if (i >= n) throw eof();
        if (text[i] === "}") {
          i++;
          return;
        }
        if (text[i] !== ",") throw new Stop(bad("after object key:value pair"));
        i++;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (i >= n) throw eof();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (i >= n) throw eof();
        if (text[i] === "]") {
          i++;
          return;
        }
        if (text[i] !== ",") throw new Stop(bad("after array element"));
        i++;
      }
    }
    if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || /[0-9]/.test(c)) number();
    else throw new Stop(bad("looking for beginning of value"));
  };

  try {
    value();
    return { end: i };
  } catch (e) {
    if (e instanceof Stop) return { error: e.message, end: i };
    throw e;
  }
}
