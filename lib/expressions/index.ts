/**
 * Expressions are JSONata (https://docs.jsonata.org) evaluated over the run context.
 * Names bound in every expression:
 * - `$input`: the run input (object)
 * - `$steps`: `{ <nodeId>: { output } }` — the latest successful output of each node;
 *   after a failure that took the node's error edge, `{ output: { error }, error }`
 * - `$vars`: run variables (set by a transform's "Store as variable")
 * - `$run`: `{ id, workflowId, version, startedAt }` (startedAt: ISO-8601)
 * - `$attempt`: the step's attempt number (1 for the first attempt, 2 for the first retry …)
 * - `$lastError`: `{ code, message, status }` of the previous attempt (`status`: the HTTP
 *   status for `HTTP_<status>` errors, else null), or null on the first attempt — so a
 *   retry can change its parameters (smaller page, other endpoint, longer timeout)
 * The context object itself is also the expression's root (`$$`), so `input.name`
 * and `$input.name` are the same.
 *
 * Templates are text with `{{ expression }}` parts (URL, header values, task titles);
 * each part is evaluated and inserted as text (objects as JSON).
 *
 * Evaluation is bounded so that a runaway expression fails with {@link ExpressionError}
 * instead of hanging a step or the server: running time (default 1000 ms, sliced so
 * other work runs in between), depth (500), the size of every intermediate value and
 * linear-time regular expressions — see `limits.ts` and `regex.ts`.
 */
import jsonata from 'jsonata';
import { LinearRegExp, regexLiteralProblem } from './regex';
import { builtinsLoaded, counting, countMadeValues, loadBuiltins } from './builtins';
import { boundedPad, codePoints, distinctValues, exitHook, LIMITS, ORDER_BY_MAX_ITEMS, sortValues, toPlainJson, type ExpressionLimits } from './limits';

export interface ExpressionScope {
  input: unknown;
  /** `error`: set when the node's latest step failed and left through its `error` port (`step.failed` with `handled`). */
  steps: Record<string, { output: unknown; error?: unknown }>;
  vars: Record<string, unknown>;
  /** `version`: null in a test run of the draft. */
  run: { id: string; workflowId: string; version: number | null; startedAt: string };
  /** `$attempt`: the step's attempt number, 1 first (absent = 1: expressions evaluated outside a step attempt). */
  attempt?: number;
  /** `$lastError`: the previous attempt's error (absent or null: none). */
  lastError?: LastError | null;
}

/** `$lastError`: what the previous attempt of a step failed with. `status`: HTTP status of an `HTTP_<status>` error, else null. */
export interface LastError {
  code: string | null;
  message: string;
  status: number | null;
}

/** Builds `$lastError` from a step error (`code` `HTTP_503` gives `status` 503). */
export function lastErrorOf(error: { code?: string; message: string } | undefined | null): LastError | null {
  if (!error) return null;
  const m = /^HTTP_(\d{3})$/.exec(error.code ?? '');
  return { code: error.code ?? null, message: error.message, status: m ? Number(m[1]) : null };
}

/**
 * A failed parse or evaluation. `position` is the character offset JSONata reports,
 * when it does; `detail` is JSONata's own message, without the location prefix.
 */
export class ExpressionError extends Error {
  /** The step error code for executors: `EXPRESSION_LIMIT` when a limit of `limits.ts` was hit, else `EXPRESSION`. */
  get stepCode(): 'EXPRESSION' | 'EXPRESSION_LIMIT' {
    return this.code === 'EXPRESSION_LIMIT' ? 'EXPRESSION_LIMIT' : 'EXPRESSION';
  }

  constructor(
    message: string,
    readonly expression: string,
    readonly position?: number,
    readonly code?: string,
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

interface JsonataErrorLike {
  message?: string;
  position?: number;
  code?: string;
  token?: string;
}

/** JSONata's own limit errors: range too large (D2014), sequence too long (D2015). */
const LIMIT_CODES = new Set(['D2014', 'D2015']);

function toExpressionError(err: unknown, expression: string, where: string): ExpressionError {
  const e = (err ?? {}) as JsonataErrorLike;
  if (e.code && LIMIT_CODES.has(e.code)) e.code = 'EXPRESSION_LIMIT';
  const pos = typeof e.position === 'number' ? ` at position ${e.position}` : '';
  const detail = typeof e.message === 'string' ? e.message : String(err);
  return new ExpressionError(`${where}: ${detail}${pos}`, expression, e.position, e.code, detail);
}

/**
 * Checks an expression's syntax without evaluating it, including that each regex
 * literal is one the linear-time engine supports (no backreferences or lookaround).
 * The result is remembered by expression text (see {@link syntaxCache}).
 * @returns null when it parses, else the error (message, position).
 */
export function checkSyntax(expression: string): ExpressionError | null {
  const cached = syntaxCache.get(expression);
  if (cached !== undefined) return cached;
  const result = parseForSyntax(expression);
  if (expression.length <= SYNTAX_CACHE_MAX_CHARS) {
    if (syntaxCache.size >= SYNTAX_CACHE_SIZE) syntaxCache.delete(syntaxCache.keys().next().value!);
    syntaxCache.set(expression, result);
  }
  return result;
}

/**
 * Results of {@link checkSyntax} by expression text (oldest entry dropped first), at
 * most {@link SYNTAX_CACHE_SIZE} of expressions up to {@link SYNTAX_CACHE_MAX_CHARS}
 * characters (≈ 8 MB of text at most). JSONata's parser dominates validating a
 * workflow, and each `{{ }}` part is checked twice: once by {@link templateParts} to find
 * its end, once by the validator.
 */
const SYNTAX_CACHE_SIZE = 4000;
const SYNTAX_CACHE_MAX_CHARS = 2000;
const syntaxCache = new Map<string, ExpressionError | null>();

function parseForSyntax(expression: string): ExpressionError | null {
  let ast: unknown;
  try {
    ast = jsonata(expression).ast();
  } catch (err) {
    return toExpressionError(err, expression, 'syntax error');
  }
  const re = regexLiteralProblem(ast);
  return re ? toExpressionError({ message: re.message, position: re.position, code: 'REGEX' }, expression, 'syntax error') : null;
}

/** A `{{ expr }}` part of a template: the expression text and where it starts/ends in the template (end exclusive). */
export interface TemplatePart {
  expr: string;
  start: number;
  end: number;
}

/**
 * Splits a template into its `{{ expr }}` parts. An expression may itself contain
 * `}}` (e.g. an object constructor), so each part ends at the first `}}` after
 * which the expression parses; if none parses, at the first `}}`. A `{{` without
 * a closing `}}` is returned with `end: -1`.
 */
const MAX_CLOSE_TRIES = 8;

export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open < 0) return parts;
    const first = text.indexOf('}}', open + 2);
    if (first < 0) {
      parts.push({ expr: text.slice(open + 2), start: open, end: -1 });
      return parts;
    }
    let close = first;
    for (let c = first, tries = 0; c >= 0 && tries < MAX_CLOSE_TRIES; c = text.indexOf('}}', c + 1), tries++) {
      if (!checkSyntax(text.slice(open + 2, c))) {
        close = c;
        break;
      }
    }
    parts.push({ expr: text.slice(open + 2, close), start: open, end: close + 2 });
    from = close + 2;
  }
}

const MAX_DEPTH = 500;
/** Built-ins replaced by bounded versions of `limits.ts` (registered here, wrapped by `counting`). */
const OWN_BUILTINS: ReadonlySet<string> = new Set(['pad', 'distinct', 'sort']);
type Builtin = Parameters<typeof counting>[0];

const COMPILED_CACHE_SIZE = 2000;
const compiledCache = new Map<string, jsonata.Expression>();

/**
 * Parses an expression once and reuses it: JSONata keeps per-evaluation state in a
 * fresh frame, so one compiled expression can be evaluated concurrently. The limits
 * are fixed at compile time, so the running-time budget is part of the cache key.
 * Each compiled expression gets: JSONata's depth and sequence guardrails, the RE2
 * regex engine, the bounded built-ins, the exit hook of `limits.ts` and the
 * accounting of made values of `builtins.ts` (which must have been loaded).
 */
function compileCached(expression: string, timeoutMs: number, where: string): jsonata.Expression {
  const key = `${timeoutMs}\u0000${expression}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  let compiled: jsonata.Expression;
  const limits: ExpressionLimits = { ...LIMITS, timeoutMs };
  if (usesOrderBy(expression)) limits.maxItems = Math.min(limits.maxItems, ORDER_BY_MAX_ITEMS);
  try {
    // The running time is counted by the exit hook (JSONata's own `timeout` counts wall-clock time, including the slices given to other work).
    compiled = jsonata(expression, { stack: MAX_DEPTH, sequence: limits.maxItems, RegexEngine: LinearRegExp } as unknown as Parameters<typeof jsonata>[1]);
  } catch (err) {
    throw toExpressionError(err, expression, `${where}: syntax error`);
  }
  const re = regexLiteralProblem(compiled.ast());
  if (re) throw toExpressionError({ message: re.message, position: re.position, code: 'REGEX' }, expression, where);
  compiled.registerFunction('pad', counting(boundedPad(limits) as Builtin), '<s-ns?:s>');
  compiled.registerFunction('length', (str: string | undefined) => (str === undefined ? undefined : codePoints(str)), '<s-:n>');
  compiled.registerFunction('distinct', counting(distinctValues as Builtin), '<x:x>');
  compiled.registerFunction('sort', counting(sortValues as Builtin), '<af?:a>');
  countMadeValues(compiled, OWN_BUILTINS);
  compiled.assign(Symbol.for('jsonata.__evaluate_exit') as unknown as string, exitHook(limits));
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  compiledCache.set(key, compiled);
  return compiled;
}

/** Whether the expression may use the order-by operator `^(`, outside string literals or not (a cheap over-approximation). */
function usesOrderBy(expression: string): boolean {
  return /\^\s*\(/.test(expression);
}

function bindings(scope: ExpressionScope) {
  return { input: scope.input, steps: scope.steps, vars: scope.vars, run: scope.run, attempt: scope.attempt ?? 1, lastError: scope.lastError ?? null };
}

/**
 * Evaluates a JSONata expression over the scope. `undefined` results become `null`.
 * @param where a human label for errors, e.g. `HTTP request "Check" (check) body`
 * @throws ExpressionError on syntax errors, evaluation errors, timeouts (`timeoutMs`, ms) and runaway recursion.
 */
export async function evaluate(expression: string, scope: ExpressionScope, where = 'expression', timeoutMs = LIMITS.timeoutMs): Promise<unknown> {
  if (!builtinsLoaded()) await loadBuiltins();
  const compiled = compileCached(expression, timeoutMs, where);
  try {
    const ctx = bindings(scope);
    const result = await compiled.evaluate(ctx, ctx);
    return toPlainJson(result, LIMITS);
  } catch (err) {
    throw toExpressionError(err, expression, where);
  }
}

/**
 * Renders a template: literal text plus evaluated `{{ }}` parts. Strings are inserted
 * as is, `null`/missing as empty text, other values as JSON.
 * @throws ExpressionError naming `where` when a part fails.
 */
export async function renderTemplate(template: string, scope: ExpressionScope, where = 'template'): Promise<string> {
  let out = '';
  let from = 0;
  for (const p of templateParts(template)) {
    if (p.end < 0) break; // an unclosed `{{` stays literal text
    out += template.slice(from, p.start);
    const v = await evaluate(p.expr.trim(), scope, where);
    out += v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    from = p.end;
  }
  return out + template.slice(from);
}
