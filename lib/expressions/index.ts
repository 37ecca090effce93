/**
 * Expressions are JSONata (https://docs.jsonata.org) evaluated over the run context.
 * Names bound in every expression:
 * - `$input`: the run input (object)
 * - `$steps`: `{ <nodeId>: { output } }` — the latest successful output of each node
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
  steps: Record<string, { output: unknown }>;
  vars: Record<string, unknown>;
  run: { id: string; workflowId: string; version: number; startedAt: string };
}

/** A failed parse or evaluation. `position` is the character offset JSONata reports, when it does. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position?: number,
    readonly code?: string,
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
  return new ExpressionError(`${where}: ${e.message ?? String(err)}${pos}`, expression, e.position, e.code);
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

/** Splits a template into literal text and `{{ expression }}` parts. An unclosed `{{` is literal text. */
export function parseTemplate(template: string): Array<{ text: string } | { expr: string; offset: number }> {
  const parts: Array<{ text: string } | { expr: string; offset: number }> = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) break;
    const close = template.indexOf('}}', open + 2);
    if (close < 0) break;
    if (open > i) parts.push({ text: template.slice(i, open) });
    parts.push({ expr: template.slice(open + 2, close).trim(), offset: open + 2 });
    i = close + 2;
  }
  if (i < template.length) parts.push({ text: template.slice(i) });
  return parts;
}

const DEFAULT_TIMEOUT_MS = 1000;
const MAX_DEPTH = 500;
const MAX_SEQUENCE = 1_000_000;

function bindings(scope: ExpressionScope) {
  return { input: scope.input, steps: scope.steps, vars: scope.vars, run: scope.run };
}

/**
 * Evaluates a JSONata expression over the scope. `undefined` results become `null`.
 * @param where a human label for errors, e.g. `HTTP request "Check" (check) body`
 * @throws ExpressionError on syntax errors, evaluation errors, timeouts (`timeoutMs`, ms) and runaway recursion.
 */
export async function evaluate(expression: string, scope: ExpressionScope, where = 'expression', timeoutMs = DEFAULT_TIMEOUT_MS): Promise<unknown> {
  let compiled: jsonata.Expression;
  try {
    // JSONata 2.2 guardrails: wall-clock budget (ms), evaluation depth and sequence length.
    compiled = jsonata(expression, { timeout: timeoutMs, stack: MAX_DEPTH, sequence: MAX_SEQUENCE } as unknown as Parameters<typeof jsonata>[1]);
  } catch (err) {
    throw toExpressionError(err, expression, `${where}: syntax error`);
  }
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
  const parts = parseTemplate(template);
  let out = '';
  for (const p of parts) {
    if ('text' in p) out += p.text;
    else {
      const v = await evaluate(p.expr, scope, where);
      out += v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return out;
}

/** JSONata returns arrays with extra properties (`sequence`) and `undefined`; make results plain JSON. */
function normalize(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v ?? null));
}
