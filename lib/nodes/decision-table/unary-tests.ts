/**
 * Unary tests: the language of a decision table's input cells. Each cell is a test
 * applied to one value (the input column's value); it never names the value itself.
 * A small, self-contained subset of the "simple unary tests" of DMN 1.3 FEEL
 * (OMG DMN 1.3, §7.3.2 and §10.3.2.7), with the same spelling:
 *
 * ```
 * cell        := "-" | ""                     any value matches
 *              | "not(" tests ")"             none of the tests matches
 *              | tests
 * tests       := test ("," test)*             at least one test matches
 * test        := ("<" | "<=" | ">" | ">=") literal
 *              | ("[" | "(" | "]") literal ".." literal ("]" | ")" | "[")
 *              | literal                      equal to the value
 * literal     := number | string | "true" | "false" | "null"
 * number      := "-"? digits ("." digits)? (("e" | "E") ("+" | "-")? digits)?
 * string      := '"' (any character but '"' and "\", or \" \\ \n \t) * '"'
 * ```
 *
 * Ranges: `[1..10]` includes both ends, `(1..10)` and `]1..10[` exclude them, and the
 * forms mix (`[1..10)`). Comparisons and ranges hold only between two numbers or two
 * strings (strings compare by UTF-16 code units, so ISO-8601 dates order correctly);
 * with any other pair of types the test does not hold (DMN: null, i.e. no match).
 * Equality is strict: `5` does not match `"5"`. Anything outside this grammar is a
 * syntax error with a position, e.g. unquoted text (`gold` must be written `"gold"`).
 * Pure; shared by the browser (cell validation) and the executor.
 */

export type Literal = number | string | boolean | null;

export type UnaryTest =
  | { kind: 'any' }
  | { kind: 'not'; tests: SimpleTest[] }
  | { kind: 'or'; tests: SimpleTest[] };

export type SimpleTest =
  | { kind: 'eq'; value: Literal }
  | { kind: 'cmp'; op: '<' | '<=' | '>' | '>='; value: number | string }
  | { kind: 'range'; low: number | string; high: number | string; lowClosed: boolean; highClosed: boolean };

/** A cell that does not parse. `position`: 0-based character offset in the cell. */
export class UnaryTestSyntaxError extends Error {
  constructor(
    readonly detail: string,
    readonly position: number,
  ) {
    super(`${detail} (at position ${position + 1})`);
    this.name = 'UnaryTestSyntaxError';
  }
}

/**
 * Parses a cell.
 * @throws UnaryTestSyntaxError with the 0-based position of the problem.
 */
export function parseUnaryTest(cell: string): UnaryTest {
  const p = new Parser(cell);
  p.skipSpace();
  if (p.atEnd()) return { kind: 'any' };
  if (p.peek() === '-' && p.restIsSpaceAfter(1)) return { kind: 'any' };
  if (p.lookingAtWord('not')) {
    const save = p.pos;
    p.pos += 3;
    p.skipSpace();
    if (p.peek() === '(') {
      p.pos++;
      const tests = p.tests();
      p.skipSpace();
      p.expect(')', 'expected ")" to close not(');
      p.skipSpace();
      if (!p.atEnd()) p.fail('unexpected text after not(...)');
      return { kind: 'not', tests };
    }
    p.pos = save;
  }
  const tests = p.tests();
  p.skipSpace();
  if (!p.atEnd()) p.fail(p.peek() === ')' ? 'unexpected ")"' : 'expected "," between tests');
  return { kind: 'or', tests };
}

/** The cell's syntax error, or null when it parses. */
export function checkUnaryTest(cell: string): UnaryTestSyntaxError | null {
  try {
    parseUnaryTest(cell);
    return null;
  } catch (err) {
    if (err instanceof UnaryTestSyntaxError) return err;
    throw err;
  }
}

/** Whether `value` passes the parsed test. Never throws. */
export function matches(test: UnaryTest, value: unknown): boolean {
  switch (test.kind) {
    case 'any':
      return true;
    case 'or':
      return test.tests.some((t) => matchesSimple(t, value));
    case 'not':
      return !test.tests.some((t) => matchesSimple(t, value));
  }
}

function comparable(a: unknown, b: number | string): a is number | string {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function matchesSimple(t: SimpleTest, value: unknown): boolean {
  switch (t.kind) {
    case 'eq':
      return value === t.value || (value === undefined && t.value === null);
    case 'cmp':
      if (!comparable(value, t.value)) return false;
      switch (t.op) {
        case '<':
          return value < t.value;
        case '<=':
          return value <= t.value;
        case '>':
          return value > t.value;
        case '>=':
          return value >= t.value;
      }
      return false;
    case 'range': {
      if (!comparable(value, t.low) || !comparable(value, t.high)) return false;
      const aboveLow = t.lowClosed ? value >= t.low : value > t.low;
      const belowHigh = t.highClosed ? value <= t.high : value < t.high;
      return aboveLow && belowHigh;
    }
  }
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$.]*/y;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  atEnd() {
    return this.pos >= this.text.length;
  }
  peek(offset = 0) {
    return this.text[this.pos + offset];
  }
  skipSpace() {
    while (!this.atEnd() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  restIsSpaceAfter(n: number) {
    return this.text.slice(this.pos + n).trim() === '';
  }
  lookingAtWord(word: string) {
    return this.text.startsWith(word, this.pos) && !/[A-Za-z0-9_$]/.test(this.text[this.pos + word.length] ?? '');
  }
  fail(detail: string, at = this.pos): never {
    throw new UnaryTestSyntaxError(detail, Math.min(at, this.text.length));
  }
  expect(ch: string, detail: string) {
    if (this.peek() !== ch) this.fail(detail);
    this.pos++;
  }

  tests(): SimpleTest[] {
    const out = [this.test()];
    for (;;) {
      this.skipSpace();
      if (this.peek() !== ',') return out;
      this.pos++;
      out.push(this.test());
    }
  }

  test(): SimpleTest {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) this.fail('expected a test');
    if (c === '<' || c === '>') {
      const op = (this.peek(1) === '=' ? `${c}=` : c) as '<' | '<=' | '>' | '>=';
      this.pos += op.length;
      this.skipSpace();
      const at = this.pos;
      const value = this.literal(`expected a number or a string after "${op}"`);
      if (typeof value !== 'number' && typeof value !== 'string') this.fail(`"${op}" compares numbers or strings, not ${String(value)}`, at);
      return { kind: 'cmp', op, value };
    }
    if (c === '[' || c === '(' || c === ']') {
      this.pos++;
      const lowClosed = c === '[';
      this.skipSpace();
      const lowAt = this.pos;
      const low = this.literal('expected the start of the range (a number or a string)');
      this.skipSpace();
      if (!this.text.startsWith('..', this.pos)) this.fail('expected ".." between the ends of the range');
      this.pos += 2;
      this.skipSpace();
      const highAt = this.pos;
      const high = this.literal('expected the end of the range (a number or a string)');
      this.skipSpace();
      const close = this.peek();
      if (close !== ']' && close !== ')' && close !== '[') this.fail('expected "]", ")" or "[" to close the range');
      this.pos++;
      if (typeof low !== 'number' && typeof low !== 'string') this.fail('a range goes between numbers or strings', lowAt);
      if (typeof high !== typeof low) this.fail('both ends of a range must be numbers, or both strings', highAt);
      return { kind: 'range', low, high: high as number | string, lowClosed, highClosed: close === ']' };
    }
    if (c === '=' || c === '!') this.fail(c === '=' ? 'write the value alone to test equality (e.g. 5 or "gold"), without "="' : 'use not(...) to negate a test');
    return { kind: 'eq', value: this.literal('expected a number, a "string", true, false or null') };
  }

  literal(detail: string): Literal {
    this.skipSpace();
    const c = this.peek();
    if (c === '"') return this.string();
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(this.text);
    if (num) {
      const after = this.text[this.pos + num[0].length];
      if (after === undefined || !/[A-Za-z0-9_$]/.test(after)) {
        this.pos += num[0].length;
        return Number(num[0]);
      }
    }
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text);
    if (word) {
      if (word[0] === 'true' || word[0] === 'false' || word[0] === 'null') {
        this.pos += word[0].length;
        return word[0] === 'null' ? null : word[0] === 'true';
      }
      this.fail(`text must be in double quotes: write "${word[0]}"`);
    }
    if (c === "'") this.fail('strings use double quotes ("…"), not single quotes');
    this.fail(detail);
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    while (!this.atEnd()) {
      const ch = this.text[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };
        if (next === undefined || !Object.hasOwn(map, next)) this.fail('unknown escape; use \\" \\\\ \\n or \\t');
        out += map[next]!;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    this.fail('string is not closed with "', start);
  }
}
