/**
 * Editing help for JSONata expressions, pure and shared by the designer's editor and
 * its tests: where a syntax error sits, which names can follow what is typed, and a
 * sample of the run context to draw those names from (the last run's data merged
 * with what the workflow declares).
 */
import jsonata from 'jsonata';
import type { WorkflowDocument } from '../workflow/document';
import { regexLiteralProblem } from './regex';
import { templateParts } from './index';

/** A syntax error as a character range of the expression (`to` exclusive). */
export interface SyntaxProblem {
  from: number;
  to: number;
  message: string;
}

/**
 * Locates the parse error of `expression`, if any. JSONata reports the offset just
 * after the offending token (and the token); the range covers that token, or the
 * character before the offset, or the end of the text for "unexpected end". A regex
 * literal the linear-time engine cannot run (backreferences, lookaround; see
 * `regex.ts`) is a problem too, its range the whole literal.
 */
export function syntaxProblem(expression: string): SyntaxProblem | null {
  if (!expression.trim()) return null;
  try {
    const re = regexLiteralProblem(jsonata(expression).ast());
    if (!re) return null;
    const to = Math.min(Math.max(re.position, 1), expression.length);
    return { from: Math.max(0, to - re.length), to, message: re.message };
  } catch (e) {
    const err = (e ?? {}) as { message?: string; position?: number; token?: unknown };
    const len = expression.length;
    const message = typeof err.message === 'string' ? err.message : String(e);
    const pos = Math.min(Math.max(typeof err.position === 'number' ? err.position : len, 0), len);
    const token = typeof err.token === 'string' && err.token !== '(end)' ? err.token : '';
    if (err.token === '(end)' || (!token && pos >= len)) return { from: Math.max(0, len - 1), to: len, message };
    const from = token && token.length <= pos ? pos - token.length : Math.max(0, pos - 1);
    return { from, to: Math.max(pos, from + 1), message };
  }
}

/**
 * The syntax problems of a template's `{{ … }}` parts, as ranges of the whole
 * template text: each part's JSONata error, and a `{{` that is never closed.
 */
export function templateProblems(text: string): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  for (const p of templateParts(text)) {
    if (p.end < 0) {
      out.push({ from: p.start, to: Math.min(text.length, p.start + 2), message: 'This {{ is never closed with }}' });
      continue;
    }
    const sp = syntaxProblem(p.expr);
    if (sp) out.push({ from: p.start + 2 + sp.from, to: p.start + 2 + sp.to, message: sp.message });
  }
  return out;
}

/**
 * When the cursor (`pos`) is inside a `{{ … }}` part of a template: the expression
 * text before the cursor and the offset where that expression starts in the template,
 * so `completionTarget` can be applied to it. Null in literal text.
 */
export function templateExpressionBefore(text: string, pos: number): { before: string; offset: number } | null {
  const head = text.slice(0, pos);
  const open = head.lastIndexOf('{{');
  if (open < 0 || head.indexOf('}}', open + 2) >= 0) return null;
  return { before: head.slice(open + 2), offset: open + 2 };
}

/** One completion option. */
export interface Suggestion {
  label: string;
  /** A short description (the value's type or a sample value). */
  detail: string;
  kind: 'variable' | 'property' | 'function';
}

/** The names every expression sees. */
export const ROOT_NAMES: readonly Suggestion[] = [
  { label: '$input', detail: 'the run input', kind: 'variable' },
  { label: '$steps', detail: 'outputs of earlier steps', kind: 'variable' },
  { label: '$vars', detail: 'run variables', kind: 'variable' },
  { label: '$run', detail: 'id, workflowId, version, startedAt', kind: 'variable' },
  { label: '$attempt', detail: 'attempt number of this step, 1 first', kind: 'variable' },
  { label: '$lastError', detail: 'code, message, status of the previous attempt, or null', kind: 'variable' },
];

/** Commonly used JSONata functions (https://docs.jsonata.org). */
export const FUNCTIONS: readonly string[] = [
  'string', 'length', 'substring', 'substringBefore', 'substringAfter', 'uppercase', 'lowercase', 'trim', 'pad', 'contains', 'split', 'join',
  'match', 'replace', 'number', 'abs', 'floor', 'ceil', 'round', 'power', 'sqrt', 'random', 'formatNumber', 'sum', 'max', 'min', 'average',
  'count', 'append', 'sort', 'reverse', 'distinct', 'exists', 'boolean', 'not', 'keys', 'lookup', 'merge', 'each', 'map', 'filter', 'reduce',
  'now', 'millis', 'fromMillis', 'toMillis', 'type', 'assert', 'error', 'zip', 'shuffle', 'spread', 'sift', 'base64encode', 'base64decode',
];

/** What is being typed at the cursor: a `$name`, or a member of a dotted path. */
export type CompletionTarget =
  | { kind: 'root'; prefix: string; from: number }
  | { kind: 'member'; path: string[]; prefix: string; from: number };

/**
 * Reads the text before the cursor. `$inp|` → root with prefix `$inp`;
 * `$steps.check.output.bo|` → member of `$steps.check.output` with prefix `bo`.
 * @returns null where no completion applies (inside a string, after a number…).
 */
export function completionTarget(before: string): CompletionTarget | null {
  // Inside a string literal: no completion. Count unescaped quotes of each kind.
  const quotes = (q: string) => (before.match(new RegExp(`(?<!\\\\)${q}`, 'g')) ?? []).length;
  if (quotes('"') % 2 === 1 || quotes("'") % 2 === 1) return null;
  const member = /(\$[A-Za-z_]\w*(?:\.(?:[A-Za-z_]\w*|`[^`]*`))*)\.([A-Za-z_]\w*)?$/.exec(before);
  if (member) {
    const path = member[1].split(/\.(?=(?:[^`]*`[^`]*`)*[^`]*$)/).map((p) => p.replace(/^`|`$/g, ''));
    const prefix = member[2] ?? '';
    return { kind: 'member', path, prefix, from: before.length - prefix.length };
  }
  const root = /\$[A-Za-z_]*\w*$/.exec(before);
  if (root) return { kind: 'root', prefix: root[0], from: before.length - root[0].length };
  return null;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array (${v.length})`;
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return v.length > 24 ? `"${v.slice(0, 24)}…"` : JSON.stringify(v);
  return String(v);
}

/** A name usable after a dot without backquotes. */
const PLAIN = /^[A-Za-z_]\w*$/;

/**
 * Suggestions for a target over a sample context `{ input, steps, vars, run }`.
 * Members of arrays are those of their first item (JSONata maps paths over arrays).
 */
export function suggest(target: CompletionTarget, sample: Record<string, unknown>): Suggestion[] {
  if (target.kind === 'root') {
    const fns = FUNCTIONS.map((f) => ({ label: `$${f}`, detail: 'function', kind: 'function' as const }));
    return [...ROOT_NAMES, ...fns].filter((s) => s.label.startsWith(target.prefix));
  }
  let v: unknown = sample[target.path[0].slice(1)];
  for (const key of target.path.slice(1)) {
    while (Array.isArray(v)) v = v[0];
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }
  while (Array.isArray(v)) v = v[0];
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v as Record<string, unknown>)
    .filter(([k]) => k.startsWith(target.prefix))
    .map(([k, val]) => ({ label: PLAIN.test(k) ? k : `\`${k}\``, detail: describe(val), kind: 'property' as const }));
}

/** The ids of the nodes from which `nodeId` can be reached (its possible predecessors in a run), nearest first. */
export function upstreamNodes(doc: Pick<WorkflowDocument, 'edges'>, nodeId: string): string[] {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  const queue = [nodeId];
  while (queue.length) {
    for (const src of incoming.get(queue.shift()!) ?? []) {
      if (seen.has(src)) continue;
      seen.add(src);
      order.push(src);
      queue.push(src);
    }
  }
  return order;
}

/** A placeholder value per form field type (declared input shape). */
const FIELD_SAMPLE: Record<string, unknown> = { text: '', textarea: '', number: 0, boolean: false, date: '2026-01-01', select: '' };

/**
 * The context to suggest names from, for an expression of node `nodeId`: the last
 * run's scope (when given) merged over the shapes the workflow declares — the
 * trigger's input fields (and a schedule's or webhook's known keys), an entry under
 * `steps` for every upstream node, and the variables transforms store.
 */
export function sampleContext(doc: Pick<WorkflowDocument, 'nodes' | 'edges'>, nodeId: string, last?: { input?: unknown; steps: Record<string, unknown>; vars: Record<string, unknown>; run: unknown } | null): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const vars: Record<string, unknown> = {};
  for (const n of doc.nodes) {
    const c = (n.config ?? {}) as Record<string, unknown>;
    if (Array.isArray(c.inputFields)) for (const f of c.inputFields as { name?: string; type?: string }[]) if (f?.name) input[f.name] = FIELD_SAMPLE[f.type ?? 'text'] ?? '';
    if (n.type === 'scheduleTrigger') Object.assign(input, { scheduledAt: '', firedAt: '', missedFires: 0 });
    if (n.type === 'webhookTrigger') input._webhook = { headers: {}, query: {}, receivedAt: '' };
    if (typeof c.assignTo === 'string' && c.assignTo) vars[c.assignTo] = null;
  }
  const steps: Record<string, unknown> = {};
  for (const id of upstreamNodes(doc, nodeId)) steps[id] = last?.steps?.[id] ?? { output: {} };
  const lastInput = last?.input && typeof last.input === 'object' && !Array.isArray(last.input) ? (last.input as Record<string, unknown>) : {};
  return {
    input: { ...input, ...lastInput },
    steps,
    vars: { ...vars, ...(last?.vars ?? {}) },
    run: last?.run ?? { id: '', workflowId: '', version: 1, startedAt: '' },
  };
}
