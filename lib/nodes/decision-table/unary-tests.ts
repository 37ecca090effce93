/**
 * Unary tests: the language of a decision table's input cells, as in DMN 1.3 (OMG DMN
 * 1.3, §7.3.2 and §10.3.2.7: FEEL "unary tests"). Each cell is a test applied to one
 * value, the input column's value, which FEEL names `?`; evaluation is done by
 * `feelin`, the FEEL interpreter of the bpmn-io project.
 *
 * Common forms: `-` or an empty cell (any value), literals (`5`, `"gold"`, `true`,
 * `null`), comparisons (`< 10`, `>= "2025-01-01"`), ranges (`[1..10]`, `(1..10)`,
 * `]1..10[`, `[1..10)`), lists (`"gold","platinum"`: any of them), `not("a","b")`, and
 * expressions over `?` (`? > 5 and ? < 10`). Equality is strict: `5` does not match
 * `"5"`; a comparison or range holds only between two numbers or two texts (`< 10`
 * does not hold for `"9"`).
 *
 * Cells name no variables: a bare word such as `gold` is reported as an unknown name
 * (text must be quoted, `"gold"`). Pure; shared by the browser (cell validation) and
 * the executor.
 */
import { parseUnaryTests, unaryTest } from 'feelin';

/** A cell that is not a valid unary test. `position`: 0-based character offset in the cell. */
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
 * A checked cell, ready for {@link matches}: its positive tests (a list, any of which
 * may hold), negated for `not(...)`, each with the type its comparison needs.
 */
export interface UnaryTest {
  /** Empty: the cell matches any value (`-` or empty). */
  readonly tests: readonly { text: string; compares: 'number' | 'text' | null }[];
  readonly negated: boolean;
}

const ANY: UnaryTest = { tests: [], negated: false };

function isAny(cell: string): boolean {
  const t = cell.trim();
  return t === '' || t === '-';
}

/**
 * Checks a cell: FEEL syntax, and no names other than `?` (evaluated once against
 * `null` to surface unknown names).
 * @throws UnaryTestSyntaxError with the 0-based position of the problem.
 */
export function parseUnaryTest(cell: string): UnaryTest {
  if (isAny(cell)) return ANY;
  let warnings;
  try {
    warnings = unaryTest(cell, { '?': null }).warnings;
  } catch (err) {
    const e = err as Error & { position?: { from: number } };
    throw new UnaryTestSyntaxError(describeSyntaxError(e.message), e.position?.from ?? 0);
  }
  const unknown = warnings.find((w) => w.type === 'NO_VARIABLE_FOUND');
  if (unknown) {
    const name = cell.slice(unknown.position.from, unknown.position.to);
    throw new UnaryTestSyntaxError(`text must be in double quotes: write "${name}"`, unknown.position.from);
  }
  return split(cell);
}

/**
 * The cell's positive tests from feelin's syntax tree. A comparison or range against
 * a number literal holds only for numbers, one against a text literal only for text
 * (DMN 1.3 §10.3.2.9: comparing different types gives null, which is no match).
 */
function split(cell: string): UnaryTest {
  const top = parseUnaryTests(cell, {}, undefined).topNode;
  const list = top.getChild('PositiveUnaryTests');
  if (!list) return { tests: [{ text: cell, compares: null }], negated: false };
  const tests = list.getChildren('PositiveUnaryTest').map((t) => {
    const simple = t.getChild('SimplePositiveUnaryTest');
    const literal = simple && (simple.getChild('Interval') ?? simple);
    const compares = literal?.getChild('NumericLiteral') ? ('number' as const) : literal?.getChild('StringLiteral') ? ('text' as const) : null;
    return { text: cell.slice(t.from, t.to), compares };
  });
  return { tests, negated: top.getChild('not') !== null };
}

/** The cell's problem, or null when it is a valid unary test. */
export function checkUnaryTest(cell: string): UnaryTestSyntaxError | null {
  try {
    parseUnaryTest(cell);
    return null;
  } catch (err) {
    if (err instanceof UnaryTestSyntaxError) return err;
    throw err;
  }
}

/** Whether `value` passes the checked test (`undefined` counts as `null`). Never throws. */
export function matches(test: UnaryTest, value: unknown): boolean {
  if (test.tests.length === 0) return true;
  const v = value === undefined ? null : value;
  const any = test.tests.some((t) => {
    if (t.compares === 'number' && typeof v !== 'number') return false;
    if (t.compares === 'text' && typeof v !== 'string') return false;
    try {
      return unaryTest(t.text, { '?': v }).value === true;
    } catch {
      return false;
    }
  });
  return test.negated ? !any : any;
}

/** FEEL grammar names in feelin's messages, in words. */
const GRAMMAR_WORDS: Record<string, string> = {
  Interval: 'range',
  SimplePositiveUnaryTest: 'comparison',
  PositiveUnaryTest: 'test',
  PositiveUnaryTests: 'list of tests',
  UnaryTests: 'test',
  StringLiteral: 'text (a closing " is missing)',
};

/** feelin's parser messages ("Incomplete <Interval>", "Unrecognized token in <UnaryTests>") in words. */
function describeSyntaxError(message: string): string {
  const incomplete = /^Incomplete <(\w+)>/.exec(message);
  if (incomplete) return `incomplete ${GRAMMAR_WORDS[incomplete[1]] ?? 'test'}`;
  const token = /^Unrecognized token in <(\w+)>/.exec(message);
  if (token) return `unexpected text in this ${GRAMMAR_WORDS[token[1]] ?? 'test'}`;
  return message || 'not a valid unary test';
}
