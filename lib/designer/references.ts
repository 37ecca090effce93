/**
 * Rewriting references to node ids inside a node's config, for renaming a node and
 * for pasting nodes under new ids. A step's output is read as `$steps.<id>` (also
 * `` $steps.`<id>` ``, `$$.steps.<id>` and a bare `steps.<id>` at the start of a
 * path), in three kinds of field:
 * - JSONata expressions: a small tokenizer that skips string literals, comments,
 *   regex literals and backquoted names, so `"$steps.a"` in a string is left alone;
 * - templates: the same, inside each `{{ … }}` part only (literal text is kept);
 * - JavaScript (Code node): acorn's tokenizer, so strings, comments and template
 *   literals are skipped; `$steps.a`, `$steps?.a` and `$steps['a']` are rewritten.
 * Which fields are which comes from the config schema's `widget` hints.
 * Pure; unchanged inputs are returned as the same string/object.
 */
import { tokenizer, tokTypes, type Token } from 'acorn';
import { templateParts } from '@/lib/expressions';
import { expressionFieldsOf, jsonSchemaOf, type ExpressionField, type JsonSchema } from '@/lib/workflow/config-schema';

/** Old id → new id. */
export type IdMap = ReadonlyMap<string, string>;

const WORD = /[A-Za-z0-9_]/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Characters after which a `/` starts a regex literal rather than dividing. */
const BEFORE_REGEX = new Set(['', '(', ',', '[', '{', ':', '=', '!', '<', '>', '&', '|', '+', '-', '*', '%', '?', ';', '~']);

function skipQuoted(s: string, i: number, quote: string): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j + 1;
  }
  return s.length;
}

function lastSignificant(s: string, i: number): string {
  for (let j = i - 1; j >= 0; j--) if (!/\s/.test(s[j]!)) return s[j]!;
  return '';
}

/** Where the `.<name>` after a `steps` token at `i` is: the name's range and text, or null. */
function stepName(s: string, i: number): { from: number; to: number; name: string } | null {
  let j = i;
  while (j < s.length && /\s/.test(s[j]!)) j++;
  if (s[j] !== '.') return null;
  j++;
  while (j < s.length && /\s/.test(s[j]!)) j++;
  if (s[j] === '`') {
    const end = s.indexOf('`', j + 1);
    if (end < 0) return null;
    return { from: j, to: end + 1, name: s.slice(j + 1, end) };
  }
  const m = IDENT.exec(s.slice(j));
  return m ? { from: j, to: j + m[0].length, name: m[0] } : null;
}

/**
 * Rewrites `$steps.<old>` references in a JSONata expression to `$steps.<new>` for
 * every id in `map` (all at once, so `a→b, b→a` swaps). Text inside string literals,
 * comments and regexes is never touched. Returns `expr` itself when nothing changed.
 */
export function rewriteExpression(expr: string, map: IdMap): string {
  if (map.size === 0 || !expr.includes('steps')) return expr;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'") {
      i = skipQuoted(expr, i, c);
      continue;
    }
    if (c === '`') {
      const end = expr.indexOf('`', i + 1);
      i = end < 0 ? expr.length : end + 1;
      continue;
    }
    if (c === '/' && expr[i + 1] === '*') {
      const end = expr.indexOf('*/', i + 2);
      i = end < 0 ? expr.length : end + 2;
      continue;
    }
    if (c === '/' && BEFORE_REGEX.has(lastSignificant(expr, i))) {
      i = skipQuoted(expr, i, '/');
      continue;
    }
    let after = -1;
    if (expr.startsWith('$steps', i) && !WORD.test(expr[i + 6] ?? '')) after = i + 6;
    else if (expr.startsWith('steps', i) && !WORD.test(expr[i + 5] ?? '')) {
      const prev = expr[i - 1] ?? '';
      const rootDot = prev === '.' && expr.slice(Math.max(0, i - 3), i) === '$$.';
      if (rootDot || !(prev === '.' || prev === '$' || WORD.test(prev))) after = i + 5;
    }
    if (after < 0) {
      i += WORD.test(c) || c === '$' ? wordEnd(expr, i) - i : 1;
      continue;
    }
    const ref = stepName(expr, after);
    const to = ref && map.get(ref.name);
    if (ref && to !== undefined) {
      out += expr.slice(copied, ref.from) + to;
      copied = ref.to;
    }
    i = ref ? ref.to : after;
  }
  return copied === 0 ? expr : out + expr.slice(copied);
}

function wordEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && WORD.test(s[j]!)) j++;
  return j;
}

/** Rewrites references inside the `{{ … }}` parts of a template; literal text is kept as is. */
export function rewriteTemplate(text: string, map: IdMap): string {
  if (map.size === 0 || !text.includes('{{')) return text;
  let out = '';
  let from = 0;
  for (const p of templateParts(text)) {
    if (p.end < 0) break;
    const exprStart = p.start + 2;
    const exprEnd = p.end - 2;
    out += text.slice(from, exprStart) + rewriteExpression(text.slice(exprStart, exprEnd), map);
    from = exprEnd;
  }
  const next = out + text.slice(from);
  return next === text ? text : next;
}

/**
 * Rewrites `$steps.<old>`, `$steps?.<old>` and `$steps['<old>']` in JavaScript. Code
 * that does not tokenize (an unfinished string…) is returned unchanged.
 */
export function rewriteCode(code: string, map: IdMap): string {
  if (map.size === 0 || !code.includes('$steps')) return code;
  let tokens: Token[];
  try {
    tokens = [...tokenizer(code, { ecmaVersion: 'latest', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true })];
  } catch {
    return code;
  }
  const edits: { from: number; to: number; text: string }[] = [];
  tokens.forEach((t, k) => {
    if (t.type !== tokTypes.name || tokenValue(t) !== '$steps') return;
    const dot = tokens[k + 1];
    const name = tokens[k + 2];
    if (!dot || !name) return;
    if ((dot.type === tokTypes.dot || dot.type === tokTypes.questionDot) && name.type === tokTypes.name) {
      const to = map.get(tokenValue(name));
      if (to !== undefined) edits.push({ from: name.start, to: name.end, text: to });
    } else if (dot.type === tokTypes.bracketL && name.type === tokTypes.string && tokens[k + 3]?.type === tokTypes.bracketR) {
      const to = map.get(tokenValue(name));
      const q = code[name.start]!;
      if (to !== undefined) edits.push({ from: name.start, to: name.end, text: `${q}${to}${q}` });
    }
  });
  if (edits.length === 0) return code;
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += code.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + code.slice(at);
}

/** A token's value (acorn sets it at run time; its typings leave it out). */
function tokenValue(t: Token): string {
  return String((t as Token & { value?: unknown }).value);
}

type Widget = 'expression' | 'template' | 'javascript';
interface Field {
  path: ExpressionField['path'];
  widget: Widget;
}

const codeFieldCache = new Map<string, Field[]>();

/** The config fields of a node type that may hold step references (expressions, templates, JavaScript). */
export function referenceFieldsOf(type: string): Field[] {
  const cached = codeFieldCache.get(type);
  if (cached) return cached;
  const fields: Field[] = [...expressionFieldsOf(type)];
  const props: Record<string, JsonSchema> = jsonSchemaOf(type)?.properties ?? {};
  for (const [key, s] of Object.entries(props)) if (s.widget === 'javascript') fields.push({ path: [key], widget: 'javascript' });
  codeFieldCache.set(type, fields);
  return fields;
}

const REWRITE: Record<Widget, (s: string, map: IdMap) => string> = { expression: rewriteExpression, template: rewriteTemplate, javascript: rewriteCode };

/** Applies `f` to the strings at `path` (`'*'` = every array item), copying only what changes. */
function mapAt(value: unknown, path: Field['path'], f: (s: string) => string): unknown {
  if (path.length === 0) return typeof value === 'string' ? f(value) : value;
  const [key, ...rest] = path;
  if (key === '*') {
    if (!Array.isArray(value)) return value;
    let changed = false;
    const next = value.map((v) => {
      const w = mapAt(v, rest, f);
      if (w !== v) changed = true;
      return w;
    });
    return changed ? next : value;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key!)) return value;
  const obj = value as Record<string, unknown>;
  const v = obj[key as string];
  const w = mapAt(v, rest, f);
  return w === v ? value : { ...obj, [key as string]: w };
}

/** A node config with every step reference in `map` rewritten; the same object when none changed. */
export function rewriteConfig(type: string, config: Record<string, unknown>, map: IdMap): Record<string, unknown> {
  if (map.size === 0) return config;
  let out: unknown = config;
  for (const f of referenceFieldsOf(type)) out = mapAt(out, f.path, (s) => REWRITE[f.widget](s, map));
  return out as Record<string, unknown>;
}
