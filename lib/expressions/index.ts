/**
 * Expressions are JSONata (https://docs.jsonata.org) evaluated over the run context.
 * Names bound in every expression:
 * - `$input`: the run input (object)
 * - `$steps`: `{ <nodeId>: { output } }` — the latest successful output of each node;
 *   after a failure that took the node's error edge, `{ output: { error }, error }`
 * - `$vars`: run variables (set by a transform's "Store as variable")
 * - `$run`: `{ id, workflowId, version, startedAt }` (startedAt: ISO-8601)
 * The context object itself is also the expression's root (`$$`), so `input.name`
 * and `$input.name` are the same.
 *
 * Templates are text with `{{ expression }}` parts (URL, header values, task titles);
 * each part is evaluated and inserted as text (objects as JSON).
 *
 * Evaluation is time-boxed (default 1000 ms) and depth-limited so that a runaway
 * expression fails with {@link ExpressionError} instead of hanging a step.
 */
import jsonata from 'jsonata';

export interface ExpressionScope {
  input: unknown;
  /** `error`: set when the node's latest step failed and left through its `error` port (`step.failed` with `handled`). */
  steps: Record<string, { output: unknown; error?: unknown }>;
  vars: Record<string, unknown>;
  run: { id: string; workflowId: string; version: number; startedAt: string };
}

/**
 * A failed parse or evaluation. `position` is the character offset JSONata reports,
 * when it does; `detail` is JSONata's own message, without the location prefix.
 */
export class ExpressionError extends Error {
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

function toExpressionError(err: unknown, expression: string, where: string): ExpressionError {
  const e = (err ?? {}) as JsonataErrorLike;
  const pos = typeof e.position === 'number' ? ` at position ${e.position}` : '';
  const detail = typeof e.message === 'string' ? e.message : String(err);
  return new ExpressionError(`${where}: ${detail}${pos}`, expression, e.position, e.code, detail);
}

/**
 * Checks an expression's syntax without evaluating it.
 * @returns null when it parses, else the error (message, position).
 */
export function checkSyntax(expression: string): ExpressionError | null {
  try {
    jsonata(expression);
    return null;
  } catch (err) {
    return toExpressionError(err, expression, 'syntax error');
  }
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

const DEFAULT_TIMEOUT_MS = 1000;
const MAX_DEPTH = 500;
const MAX_SEQUENCE = 1_000_000;

const COMPILED_CACHE_SIZE = 2000;
const compiledCache = new Map<string, jsonata.Expression>();

/**
 * Parses an expression once and reuses it: JSONata keeps per-evaluation state in a
 * fresh frame, so one compiled expression can be evaluated concurrently. The
 * guardrails (timeout ms, depth, sequence length) are fixed at compile time, so they
 * are part of the cache key.
 */
function compileCached(expression: string, timeoutMs: number, where: string): jsonata.Expression {
  const key = `${timeoutMs}\u0000${expression}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  let compiled: jsonata.Expression;
  try {
    // JSONata 2.2 guardrails: wall-clock budget (ms), evaluation depth and sequence length.
    compiled = jsonata(expression, { timeout: timeoutMs, stack: MAX_DEPTH, sequence: MAX_SEQUENCE } as unknown as Parameters<typeof jsonata>[1]);
  } catch (err) {
    throw toExpressionError(err, expression, `${where}: syntax error`);
  }
  if (compiledCache.size >= COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  compiledCache.set(key, compiled);
  return compiled;
}

function bindings(scope: ExpressionScope) {
  return { input: scope.input, steps: scope.steps, vars: scope.vars, run: scope.run };
}

/**
 * Evaluates a JSONata expression over the scope. `undefined` results become `null`.
 * @param where a human label for errors, e.g. `HTTP request "Check" (check) body`
 * @throws ExpressionError on syntax errors, evaluation errors, timeouts (`timeoutMs`, ms) and runaway recursion.
 */
export async function evaluate(expression: string, scope: ExpressionScope, where = 'expression', timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  const compiled = compileCached(expression, timeoutMs, where);
  try {
    const ctx = bindings(scope);
    const result = await compiled.evaluate(ctx, ctx);
    return normalize(result);
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

/** JSONata returns arrays with extra properties (`sequence`) and `undefined`; make results plain JSON. */
function normalize(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v ?? null));
}
