/**
 * A cheap syntax check of a Code node's JavaScript for the designer and publishing,
 * without the sandbox: `acorn` parses the code the way the sandbox runs it, as the
 * body of an async function. Pure and safe in the browser bundle (it is part of the
 * node's config schema, shared by browser, server and engine).
 *
 * It only decides "does it parse". The sandbox (QuickJS) still checks again when the
 * step runs; code using syntax newer than QuickJS knows passes here and fails there
 * with `SYNTAX_ERROR`.
 */
import { parse } from 'acorn';

/** Where and why the code does not parse. `line`/`column`: 1-based, in the user's code. */
export interface CodeSyntaxError {
  message: string;
  line: number;
  column: number;
}

/** Same wrapper as the sandbox's (`sandbox-worker.mjs`): the code's first line is line 2. */
const HEAD = '(async function () {\n';
const TAIL = '\n})';

const cache = new Map<string, CodeSyntaxError | null>();
const CACHE_SIZE = 64;

/**
 * Parses `code` as the body of an async function (`return` and `await` allowed),
 * sloppy-mode script, latest ECMAScript. Returns null when it parses, else the first
 * error with its position. Code that closes the wrapper function early (an extra `}`)
 * is an error too, as in the sandbox. Never throws. Results are cached for the last
 * few distinct inputs (the designer validates on every edit).
 */
export function checkCodeSyntax(code: string): CodeSyntaxError | null {
  const hit = cache.get(code);
  if (hit !== undefined) return hit;
  const result = check(code);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(code, result);
  return result;
}

function check(code: string): CodeSyntaxError | null {
  const text = HEAD + code + TAIL;
  let program: ReturnType<typeof parse>;
  try {
    program = parse(text, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (err) {
    const e = err as { message?: unknown; pos?: unknown };
    const message = typeof e.message === 'string' ? e.message.replace(/ \(\d+:\d+\)$/, '') : String(err);
    const pos = typeof e.pos === 'number' ? e.pos : text.length;
    return { message, ...position(code, pos - HEAD.length) };
  }
  // The whole program must be the one wrapper function: otherwise a `}` in the code
  // closed it and what follows ran outside it.
  const only = program.body.length === 1 ? program.body[0] : undefined;
  const fn = only?.type === 'ExpressionStatement' ? only.expression : undefined;
  if (fn?.type === 'FunctionExpression' && fn.end === text.length - 1) return null;
  const closing = wrapperOf(program.body[0])?.end;
  return { message: 'the code closes the function it runs in (an extra "}")', ...position(code, closing === undefined ? 0 : closing - 1 - HEAD.length) };
}

type Node = { type: string; start: number; end: number; [key: string]: unknown };

/** The wrapper function expression at the far left of the first statement (`(async function () {…}, …)`), if it is there. */
function wrapperOf(statement: unknown): Node | undefined {
  let n = (statement as Node | undefined)?.type === 'ExpressionStatement' ? ((statement as Node).expression as Node) : undefined;
  for (let depth = 0; n && depth < 50; depth++) {
    if (n.type === 'FunctionExpression') return n.start === 1 ? n : undefined;
    const left = n.callee ?? n.left ?? n.object ?? n.tag ?? n.test ?? (Array.isArray(n.expressions) ? n.expressions[0] : undefined);
    n = left as Node | undefined;
  }
  return undefined;
}

/** 1-based line and column of `offset` in `code`; offsets past the end (the wrapper's tail) land just after the last character. */
function position(code: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, code.length));
  const before = code.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
