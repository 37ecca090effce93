/**
 * Linear-time regular expressions for everything a workflow's designer writes:
 * JSONata regex literals (`/^[a-z]+$/i` in `$match`, `$replace`, `$split`,
 * `$contains`) and form-field `pattern`s. JavaScript's own engine backtracks, so a
 * pattern like `^([a-z]+)+$` takes time doubling with every character of a
 * non-matching input and blocks the server's event loop; RE2 (here its pure
 * JavaScript port `re2js`, which also runs in the browser) matches in time linear in
 * the input, whatever the pattern.
 *
 * The syntax is JavaScript's as far as RE2 can express it
 * (https://github.com/google/re2/wiki/Syntax). Not supported, and reported as a
 * problem when the workflow is validated and as an error at run time:
 * backreferences (`\1`, `\k<name>`) and lookaround (`(?=…)`, `(?!…)`, `(?<=…)`,
 * `(?<!…)`). Flags: `i`, `m`, `s`, `u` (always Unicode), `g`, `y`. Small
 * differences from JavaScript: `\s` is ASCII white space only.
 *
 * Cost. RE2's time is linear in the input but also proportional to the compiled
 * pattern: up to about 30 ns per (instruction × character) measured here, so
 * `/[ab]{1000}[bc]/` over 100,000 characters takes seconds in one call, and
 * `$replace`/`$split`/`$match` run one search per match inside one built-in call,
 * where JSONata's exit hook (`limits.ts`) cannot pause (`builtins.ts` makes them
 * pause between matches). Hence:
 * - each search (`exec`, `test`) may do at most {@link REGEX_MAX_WORK} units of work (instructions
 *   of the compiled program × characters left to scan), else it is refused before
 *   it runs (≈ 50 ms at worst; e.g. a 4-instruction `/\s+/` scans 500,000
 *   characters at most, a 1,000-instruction pattern 2,000 characters);
 * - inside an evaluation, every search first asks the evaluation's
 *   {@link RegexMeter} (`limits.ts`), which fails the evaluation once it has run
 *   {@link REGEX_MAX_BLOCK_MS} ms without a pause or past its running-time budget;
 *   outside one, a LinearRegExp stops after {@link REGEX_MAX_BLOCK_MS} ms of searching.
 * All of these throw ExpressionLimitError (`EXPRESSION_LIMIT`, limit `time`).
 *
 * Pure; shared by the server, the designer (browser) and the form validator.
 */
import { RE2JS, type Matcher } from 're2js';
import { ExpressionLimitError } from './limit-error';

/** Most work one search of `exec` may do: compiled-program instructions × characters left to scan (≈ 50 ms at ~25 ns per unit). */
export const REGEX_MAX_WORK = 2_000_000;
/** Longest a run of regex searches may hold the event loop without a pause, ms. */
export const REGEX_MAX_BLOCK_MS = 50;

/** An evaluation's clock, asked before every search: `check()` throws ExpressionLimitError once the evaluation must stop. */
export interface RegexMeter {
  check(): void;
}

const now = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** A pattern RE2 cannot compile: `message` says why, for designers. */
export class RegexUnsupportedError extends Error {
  constructor(
    message: string,
    readonly pattern: string,
  ) {
    super(message);
    this.name = 'RegexUnsupportedError';
  }
}

/** Constructs JavaScript's engine cannot run in linear time, with a designer-facing name. */
const UNSUPPORTED: [RegExp, string][] = [
  [/^\(\?=/, 'a lookahead "(?=…)"'],
  [/^\(\?!/, 'a negative lookahead "(?!…)"'],
  [/^\(\?<=/, 'a lookbehind "(?<=…)"'],
  [/^\(\?<!/, 'a negative lookbehind "(?<!…)"'],
  [/^\\[1-9]/, 'a backreference "\\1"…"\\9"'],
  [/^\\k</, 'a named backreference "\\k<…>"'],
];

/** Finds the first construct of {@link UNSUPPORTED} outside a character class, or null. */
function unsupportedConstruct(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      if (!inClass) {
        const rest = source.slice(i, i + 3);
        for (const [re, name] of UNSUPPORTED) if (re.test(rest)) return name;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') {
      const rest = source.slice(i, i + 4);
      for (const [re, name] of UNSUPPORTED) if (re.test(rest)) return name;
    }
  }
  return null;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
const KNOWN_FLAGS = 'gimsuy';

const CACHE_SIZE = 500;
const cache = new Map<string, RE2JS>();

/**
 * Compiles `source` with `flags` (JavaScript flag letters) to RE2, cached by both.
 * @throws RegexUnsupportedError naming the construct or RE2's reason.
 */
export function compileLinear(source: string, flags = ''): RE2JS {
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const construct = unsupportedConstruct(source);
  if (construct) {
    throw new RegexUnsupportedError(`regular expression /${source}/ uses ${construct}, which the linear-time engine (RE2) does not support`, source);
  }
  let bits = 0;
  for (const f of flags) {
    if (!KNOWN_FLAGS.includes(f)) throw new RegexUnsupportedError(`regular expression /${source}/ has an unsupported flag "${f}"`, source);
    bits |= FLAG_BITS[f] ?? 0;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new RegexUnsupportedError(`regular expression /${source}/ is not supported: ${why}`, source);
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, re);
  return re;
}

/**
 * A RegExp-compatible object (`exec`, `test`, `lastIndex`, `source`, `flags`) backed by
 * RE2: what JSONata's `RegexEngine` option expects. With `g` or `y`, `exec` starts at
 * `lastIndex` and moves it past the match, like RegExp (`y` does not anchor here).
 * @throws RegexUnsupportedError from the constructor for patterns RE2 cannot express.
 */
export class LinearRegExp {
  readonly source: string;
  readonly flags: string;
  lastIndex = 0;
  /** The evaluation's clock (see {@link claimLastRegex}); without one, the instance times its own searches. */
  meter: RegexMeter | null = null;
  private readonly re: RE2JS;
  private readonly size: number;
  private ownMs = 0;
  /** The matcher of the last input searched (JSONata searches one input match after match). */
  private matcher: Matcher | null = null;
  private matcherInput: string | null = null;

  constructor(pattern: string | RegExp | LinearRegExp, flags?: string) {
    this.source = typeof pattern === 'string' ? pattern : pattern.source;
    this.flags = flags ?? (typeof pattern === 'string' ? '' : pattern.flags);
    this.re = compileLinear(this.source, this.flags);
    this.size = this.re.programSize();
    lastCreated = this;
  }

  get global(): boolean {
    return this.flags.includes('g');
  }

  private get stateful(): boolean {
    return this.global || this.flags.includes('y');
  }

  /** Like `RegExp.prototype.exec`: the match array (`index`, `input`; unmatched groups `undefined`) or null. */
  exec(input: string): RegExpExecArray | null {
    const from = this.stateful ? this.lastIndex : 0;
    if (from > input.length) {
      this.lastIndex = 0;
      return null;
    }
    this.checkWork(input.length - from);
    const started = this.meter === null ? now() : 0;
    if (this.meter !== null) this.meter.check();
    else if (this.ownMs > REGEX_MAX_BLOCK_MS) throw blockError();
    if (this.matcher === null || this.matcherInput !== input) {
      this.matcher = this.re.matcher(input);
      this.matcherInput = input;
    }
    const m = this.matcher;
    const found = m.find(from);
    if (this.meter === null) this.ownMs += now() - started;
    if (!found) {
      if (this.stateful) this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [m.group(0) ?? ''];
    for (let g = 1, n = m.groupCount(); g <= n; g++) groups.push(m.group(g) ?? undefined);
    const result = Object.assign(groups, { index: m.start(), input }) as unknown as RegExpExecArray;
    if (this.stateful) this.lastIndex = m.end();
    return result;
  }

  /**
   * Like `RegExp.prototype.test`.
   * @throws ExpressionLimitError past {@link REGEX_MAX_WORK}, as `exec`.
   */
  test(input: string): boolean {
    if (this.stateful) return this.exec(input) !== null;
    this.checkWork(input.length);
    return this.re.test(input);
  }

  /** Refuses a search of `chars` characters past {@link REGEX_MAX_WORK}. */
  private checkWork(chars: number): void {
    if (this.size * chars <= REGEX_MAX_WORK) return;
    throw new ExpressionLimitError(
      `regular expression /${this.source}/ (${this.size} instructions) over ${chars} characters is more work than the limit of ${REGEX_MAX_WORK} instructions × characters`,
      'time',
      REGEX_MAX_WORK,
    );
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

function blockError(): ExpressionLimitError {
  return new ExpressionLimitError(`regular expressions ran longer than ${REGEX_MAX_BLOCK_MS} ms without a pause`, 'time', REGEX_MAX_BLOCK_MS);
}

let lastCreated: LinearRegExp | null = null;

/**
 * Gives the LinearRegExp constructed last (if not yet given) to `meter`. JSONata
 * constructs one per evaluation of a regex literal and calls the exit hook right
 * after, synchronously, so the hook claims exactly that literal's instance.
 */
export function claimLastRegex(meter: RegexMeter): void {
  if (lastCreated === null) return;
  lastCreated.meter = meter;
  lastCreated = null;
}

/** Why `source` (with `flags`) cannot be used as a designer's regular expression, or null. */
export function regexProblem(source: string, flags = ''): string | null {
  try {
    compileLinear(source, flags);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** A regex literal inside a JSONata expression that RE2 cannot run. `position`: JSONata's offset (just after the literal); `length`: the literal's length in characters. */
export interface RegexLiteralProblem {
  message: string;
  position: number;
  length: number;
}

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  [k: string]: unknown;
}

/**
 * Walks a parsed JSONata AST (`jsonata(expr).ast()`) and checks each regex literal.
 * @returns the first problem, or null when every literal is supported.
 */
export function regexLiteralProblem(ast: unknown): RegexLiteralProblem | null {
  const stack: unknown[] = [ast];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const n = node as AstNode;
    if (n.type === 'regex' && n.value instanceof RegExp) {
      const problem = regexProblem(n.value.source, n.value.flags);
      const length = n.value.source.length + 2 + n.value.flags.replace('g', '').length;
      if (problem) return { message: problem, position: typeof n.position === 'number' ? n.position : 0, length };
      continue;
    }
    for (const v of Object.values(n)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return null;
}
