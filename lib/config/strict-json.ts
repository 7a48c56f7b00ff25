/**
 * A JSON reader that refuses what JSON.parse lets through silently: a key given twice in one
 * object (JSON.parse keeps the last one, other readers the first). Errors name a line and column
 * and never quote the file's content, so a file that is not JSON at all cannot leak into a log.
 * A leading UTF-8 byte order mark is skipped; CRLF line ends count as one line end.
 */

export class JsonSyntaxError extends Error {}

/** Far deeper than any config; deeper input would otherwise end in a stack overflow. */
const MAX_DEPTH = 64;

interface Position {
  readonly line: number;
  readonly column: number;
}

export function parseStrictJson(source: string): unknown {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  return new Reader(text).document();
}

class Reader {
  private index = 0;

  constructor(private readonly text: string) {}

  document(): unknown {
    this.skipWhitespace();
    const value = this.value([], 0);
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail("unexpected text after the JSON value");
    return value;
  }

  private value(path: readonly string[], depth: number): unknown {
    const character = this.text[this.index];
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    if (character === "{") return this.object(path, depth);
    if (character === "[") return this.array(path, depth);
    if (character === '"') return this.string();
    if (character === "-" || (character >= "0" && character <= "9")) return this.number();
    for (const [word, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (this.text.startsWith(word, this.index)) {
        this.index += word.length;
        return value;
      }
    }
    return this.fail(character === undefined ? "unexpected end of file" : "expected a JSON value");
  }

  private object(path: readonly string[], depth: number): Record<string, unknown> {
    this.index++;
    // No prototype: a key such as "__proto__" or "constructor" is just a key.
    const result = Object.create(null) as Record<string, unknown>;
    const seen = new Map<string, Position>();
    this.skipWhitespace();
    if (this.text[this.index] === "}") {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') this.fail('expected a key in double quotes (or "}")');
      const at = this.position();
      const key = this.string();
      const first = seen.get(key);
      if (first) {
        const field = [...path, key].join(".");
        throw new JsonSyntaxError(
          `duplicate key "${field}" at line ${at.line}, column ${at.column} ` +
            `(first at line ${first.line}, column ${first.column}); each key may appear once, ` +
            `since JSON readers disagree on which one wins`,
        );
      }
      seen.set(key, at);
      this.skipWhitespace();
      if (this.text[this.index] !== ":") this.fail('expected ":" after the key');
      this.index++;
      this.skipWhitespace();
      result[key] = this.value([...path, key], depth + 1);
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index++;
      if (next === "}") return result;
      if (next !== ",") {
        this.index--;
        this.fail('expected "," or "}"');
      }
    }
  }

  private array(path: readonly string[], depth: number): unknown[] {
    this.index++;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.index] === "]") {
      this.index++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.value([...path.slice(0, -1), `${path[path.length - 1] ?? ""}[${result.length}]`], depth + 1));
      this.skipWhitespace();
      const next = this.text[this.index];
      this.index++;
      if (next === "]") return result;
      if (next !== ",") {
        this.index--;
        this.fail('expected "," or "]"');
      }
    }
  }

  private string(): string {
    const start = this.index;
    this.index++;
    let result = "";
    for (;;) {
      const character = this.text[this.index];
      if (character === undefined) {
        this.index = start;
        this.fail("a string is not closed");
      }
      if (character === '"') {
        this.index++;
        return result;
      }
      if (character < " ") this.fail("a control character inside a string must be escaped (e.g. \\n)");
      if (character !== "\\") {
        result += character;
        this.index++;
        continue;
      }
      const escape = this.text[this.index + 1];
      const simple: Record<string, string> = {
        '"': '"',
        "\\": "\\",
        "/": "/",
        b: "\b",
        f: "\f",
        n: "\n",
        r: "\r",
        t: "\t",
      };
      if (escape !== undefined && Object.prototype.hasOwnProperty.call(simple, escape)) {
        result += simple[escape];
        this.index += 2;
      } else if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) {
        result += String.fromCharCode(parseInt(this.text.slice(this.index + 2, this.index + 6), 16));
        this.index += 6;
      } else {
        this.fail("invalid escape in a string");
      }
    }
  }

  private number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.index));
    if (!match) this.fail("invalid number");
    this.index += match![0].length;
    return Number(match![0]);
  }

  private skipWhitespace(): void {
    while (/[ \t\r\n]/.test(this.text[this.index] ?? "")) this.index++;
  }

  private position(): Position {
    const before = this.text.slice(0, this.index).split(/\r\n|\r|\n/);
    return { line: before.length, column: before[before.length - 1].length + 1 };
  }

  private fail(what: string): never {
    const { line, column } = this.position();
    throw new JsonSyntaxError(`${what} (line ${line}, column ${column})`);
  }
}
