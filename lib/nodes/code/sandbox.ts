/**
 * Runs user JavaScript in QuickJS compiled to WebAssembly (quickjs-emscripten). The
 * isolation model, measured on this code base's target (Node 20):
 *
 * - The user's code runs inside QuickJS, an interpreter living in WebAssembly linear
 *   memory. It has no handle on any host object: its globals are QuickJS's own
 *   built-ins (Object, JSON, Math, Date, Promise, RegExp, Map, …) plus what this
 *   module defines (`$input`, `$steps`, `$vars`, `$run` parsed from JSON inside the
 *   sandbox, and a `console` whose only host call takes one string). There is no
 *   `require`, `process`, file system, network, `setTimeout` or `fetch`; a
 *   constructor chain ends at QuickJS's own `Function`.
 * - Per execution: a fresh runtime and context (≈ 0.15 ms), an interrupt handler with a
 *   wall-clock deadline (CPU limit, ms), `setMemoryLimit` (bytes, counted by QuickJS's
 *   allocator) and `setMaxStackSize` (bytes). Both are disposed afterwards, so nothing
 *   a script does survives into the next one.
 * - The WebAssembly module (≈ 12 ms to instantiate) is loaded once and reused. If the
 *   module ever fails in a way QuickJS cannot report (a host-side stack overflow, an
 *   internal assertion), it is dropped and a fresh one is loaded for the next run.
 * - The interpreter runs synchronously on the calling thread: the server's event loop
 *   is busy for at most the CPU limit (capped at {@link MAX_TIMEOUT_MS}).
 * - The stack limit is fixed at {@link STACK_BYTES}: QuickJS's interpreter frames also
 *   use the host's native stack, and a larger limit let some recursions (a
 *   self-referencing `toString`) overflow the host stack before QuickJS noticed.
 *   128 KiB allows about 650 nested plain function calls.
 */
import 'server-only';
import { newQuickJSWASMModule, shouldInterruptAfterDeadline, type QuickJSContext, type QuickJSHandle, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { Json } from '../../engine/types';

/** Longest CPU limit a node may ask for, ms. */
export const MAX_TIMEOUT_MS = 5_000;
/** Largest memory limit a node may ask for, MiB. */
export const MAX_MEMORY_MB = 256;
/** QuickJS stack limit, bytes (see the module comment for why it is fixed and small). */
export const STACK_BYTES = 128 * 1024;
/** Most `console` lines kept per execution, and the longest line kept (characters). */
export const MAX_LOG_LINES = 100;
export const MAX_LOG_LINE_CHARS = 2_000;
/** Largest JSON result accepted, characters. */
export const MAX_RESULT_CHARS = 5 * 1024 * 1024;

export interface SandboxLimits {
  /** CPU (wall-clock) budget of the whole execution, ms; 1–{@link MAX_TIMEOUT_MS}. */
  timeoutMs: number;
  /** Heap limit of the QuickJS runtime, bytes. */
  memoryBytes: number;
}

/**
 * Why an execution failed. `code`: `SYNTAX_ERROR`, `USER_ERROR` (the script threw or
 * its promise rejected), `CPU_LIMIT`, `MEMORY_LIMIT`, `STACK_LIMIT`, `NOT_JSON` (the
 * result cannot be JSON), `NEVER_SETTLED` (an awaited promise never resolved),
 * `SANDBOX` (the interpreter itself failed; the module is reloaded).
 * `line`/`column`: 1-based position in the user's code, when known.
 */
export interface SandboxFailure {
  code: 'SYNTAX_ERROR' | 'USER_ERROR' | 'CPU_LIMIT' | 'MEMORY_LIMIT' | 'STACK_LIMIT' | 'NOT_JSON' | 'NEVER_SETTLED' | 'SANDBOX';
  message: string;
  line?: number;
  column?: number;
  /** The script's stack trace (positions in the user's code), when there is one. */
  stack?: string;
}

export type SandboxResult = ({ ok: true; value: Json } | { ok: false; error: SandboxFailure }) & {
  /** `console.*` lines, capped at {@link MAX_LOG_LINES}. */
  logs: string[];
  /** Time spent in the sandbox, ms. */
  durationMs: number;
};

let modulePromise: Promise<QuickJSWASMModule> | null = null;
/** Modules that failed outside QuickJS's own error handling: never used again. */
const broken = new WeakSet<QuickJSWASMModule>();

/** The shared WebAssembly module, loaded on first use and again after one broke. */
async function quickjs(): Promise<QuickJSWASMModule> {
  for (let tries = 0; ; tries++) {
    modulePromise ??= newQuickJSWASMModule().catch((err) => {
      modulePromise = null;
      throw err;
    });
    const current = modulePromise;
    const module = await current;
    if (!broken.has(module) || tries >= 2) return module;
    if (modulePromise === current) modulePromise = null;
  }
}

/** Marks `module` as unusable; the next execution loads a fresh one. */
function discard(module: QuickJSWASMModule): void {
  broken.add(module);
  modulePromise = null;
}

/** The file name QuickJS reports positions against. */
const FILE = 'code.js';
/** The user's code is the body of this async function; its first line is line 2 of the script. */
const WRAP_HEAD = '(async function () {\n';
const WRAP_TAIL = '\n})()';
const LINE_OFFSET = 1;

/**
 * Defines the globals the user's code sees, from one JSON string. The host log
 * function is captured in a closure and removed from the global object.
 */
const PRELUDE = `(function () {
  const hostLog = globalThis.__batonLog;
  delete globalThis.__batonLog;
  const ctx = JSON.parse(globalThis.__batonContext);
  delete globalThis.__batonContext;
  const define = (name, value) => Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable: false });
  define('$input', ctx.input);
  define('$steps', ctx.steps);
  define('$vars', ctx.vars);
  define('$run', ctx.run);
  const show = (v) => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return String(v);
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
  };
  const write = (level) => (...args) => { hostLog((level + args.map(show).join(' ')).slice(0, ${MAX_LOG_LINE_CHARS + 1})); };
  define('console', Object.freeze({ log: write(''), info: write(''), debug: write(''), warn: write('warn: '), error: write('error: ') }));
})();`;

/**
 * Turns the settled result into JSON text inside the sandbox, so the host only ever
 * reads a string. Functions, symbols and `undefined` inside objects are dropped the
 * way `JSON.stringify` drops them; a top-level function or symbol is refused.
 */
const SERIALIZE = `(function (v) {
  if (v === undefined) return 'null';
  const t = typeof v;
  if (t === 'function' || t === 'symbol') throw new TypeError('the code returned a ' + t + '; return JSON data (an object, array, string, number, boolean or null)');
  return JSON.stringify(v);
})`;

/**
 * Executes `code` as the body of an `async function` (so `return` and `await` work)
 * with `$input`, `$steps`, `$vars` and `$run` defined from `context` (which must be
 * JSON). The returned value (after awaiting it) is the result; no `return` gives
 * `null`. Never throws for anything the user's code does; failures are returned.
 */
export async function runInSandbox(code: string, context: { input: unknown; steps: unknown; vars: unknown; run: unknown }, limits: SandboxLimits): Promise<SandboxResult> {
  const module = await quickjs();
  const logs: string[] = [];
  let dropped = 0;
  const started = performance.now();
  const done = (r: { ok: true; value: Json } | { ok: false; error: SandboxFailure }): SandboxResult => {
    if (dropped > 0) logs.push(`… ${dropped} more console line${dropped === 1 ? '' : 's'} not kept`);
    return { ...r, logs, durationMs: performance.now() - started };
  };

  const runtime = module.newRuntime();
  let ctx: QuickJSContext | undefined;
  try {
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + Math.min(Math.max(1, limits.timeoutMs), MAX_TIMEOUT_MS)));
    ctx = runtime.newContext();
    const c = ctx;

    const contextText = JSON.stringify({ input: context.input ?? null, steps: context.steps ?? {}, vars: context.vars ?? {}, run: context.run ?? null });
    const contextJson = c.newString(contextText);
    c.setProp(c.global, '__batonContext', contextJson);
    contextJson.dispose();
    const logFn = c.newFunction('log', (line) => {
      if (logs.length >= MAX_LOG_LINES) dropped++;
      else {
        const text = c.getString(line);
        logs.push(text.length > MAX_LOG_LINE_CHARS ? `${text.slice(0, MAX_LOG_LINE_CHARS)}…` : text);
      }
    });
    c.setProp(c.global, '__batonLog', logFn);
    logFn.dispose();
    const prelude = c.evalCode(PRELUDE, 'prelude.js');
    if (prelude.error) {
      const e = describeError(c, prelude.error, 0);
      if (e.code === 'MEMORY_LIMIT') e.message = `the run context ($input, $steps, $vars: ${Math.ceil(contextText.length / 1024)} KiB of JSON) does not fit in the memory limit`;
      return done({ ok: false, error: e });
    }
    prelude.value.dispose();

    const evaluated = c.evalCode(WRAP_HEAD + code + WRAP_TAIL, FILE);
    if (evaluated.error) return done({ ok: false, error: describeError(c, evaluated.error, LINE_OFFSET, code.split('\n').length) });
    const promise = evaluated.value;
    try {
      const jobs = runtime.executePendingJobs();
      if (jobs.error) return done({ ok: false, error: describeError(c, jobs.error, LINE_OFFSET) });
      const state = c.getPromiseState(promise);
      if (state.type === 'fulfilled' && state.notAPromise) {
        // Unbalanced braces closed the wrapper function early; `state.value` is `promise` itself (disposed below).
        return done({ ok: false, error: { code: 'SYNTAX_ERROR', message: 'SyntaxError: the code closes the function it runs in (an extra "}")' } });
      }
      if (state.type === 'pending') {
        return done({ ok: false, error: { code: 'NEVER_SETTLED', message: 'the code awaits a promise that never settles (there are no timers or I/O in the sandbox)' } });
      }
      if (state.type === 'rejected') return done({ ok: false, error: describeError(c, state.error, LINE_OFFSET) });
      return done(serialize(c, state.value));
    } finally {
      promise.dispose();
    }
  } catch (err) {
    // The interpreter failed outside QuickJS's own error handling (e.g. the host stack
    // overflowed): this module's memory may be inconsistent, so never reuse it.
    discard(module);
    ctx = undefined;
    const message = err instanceof Error ? err.message : String(err);
    const stackLike = /call stack|stack overflow/i.test(message);
    return done({
      ok: false,
      error: stackLike ? { code: 'STACK_LIMIT', message: 'the code recursed too deeply (stack limit)' } : { code: 'SANDBOX', message: `the sandbox failed: ${message}` },
    });
  } finally {
    try {
      ctx?.dispose();
      if (!broken.has(module)) runtime.dispose();
    } catch {
      discard(module);
    }
  }
}

/** Serializes and disposes the fulfilled value. */
function serialize(c: QuickJSContext, value: QuickJSHandle): { ok: true; value: Json } | { ok: false; error: SandboxFailure } {
  const fn = c.evalCode(SERIALIZE, 'serialize.js');
  try {
    if (fn.error) return { ok: false, error: describeError(c, fn.error, 0) };
    const out = c.callFunction(fn.value, c.undefined, value);
    fn.value.dispose();
    if (out.error) {
      const e = describeError(c, out.error, LINE_OFFSET);
      if (e.code === 'USER_ERROR') return { ok: false, error: { code: 'NOT_JSON', message: `the result is not JSON: ${e.message.replace(/^TypeError: /, '')}` } };
      return { ok: false, error: e };
    }
    const text = c.typeof(out.value) === 'string' ? c.getString(out.value) : 'null';
    out.value.dispose();
    if (text.length > MAX_RESULT_CHARS) return { ok: false, error: { code: 'NOT_JSON', message: `the result is ${text.length} characters of JSON; at most ${MAX_RESULT_CHARS} are allowed` } };
    return { ok: true, value: JSON.parse(text) as Json };
  } finally {
    value.dispose();
  }
}

/** Reads a QuickJS error (and disposes its handle) into a {@link SandboxFailure}; positions are shifted by `lineOffset`. */
function describeError(c: QuickJSContext, handle: QuickJSHandle, lineOffset: number, maxLine = Infinity): SandboxFailure {
  let raw: unknown;
  try {
    raw = c.dump(handle);
  } finally {
    handle.dispose();
  }
  const e = raw && typeof raw === 'object' ? (raw as { name?: unknown; message?: unknown; stack?: unknown }) : null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const message = typeof e?.message === 'string' ? e.message : e ? '' : String(raw);
  const stack = typeof e?.stack === 'string' ? e.stack : '';
  if (name === 'InternalError' && message === 'interrupted') return { code: 'CPU_LIMIT', message: 'the code ran longer than its CPU time limit' };
  if (name === 'InternalError' && message === 'out of memory') return { code: 'MEMORY_LIMIT', message: 'the code used more memory than its limit' };
  if ((name === 'InternalError' || name === 'RangeError') && /stack overflow/.test(message)) return { code: 'STACK_LIMIT', message: 'the code recursed too deeply (stack limit)' };
  if (raw === null && !e) return { code: 'MEMORY_LIMIT', message: 'the code used more memory than its limit' };

  const frames = userFrames(stack, lineOffset, maxLine);
  const at = frames[0];
  const text = name ? `${name}: ${message}` : message || `uncaught ${safeJson(raw)}`;
  if (name === 'SyntaxError') {
    return { code: 'SYNTAX_ERROR', message: `SyntaxError: ${message}${at ? ` (line ${at.line}, column ${at.column})` : ''}`, line: at?.line, column: at?.column };
  }
  return {
    code: 'USER_ERROR',
    message: `${text}${at ? ` (line ${at.line}, column ${at.column})` : ''}`,
    line: at?.line,
    column: at?.column,
    stack: frames.length ? frames.map((f) => `    at ${f.fn} (line ${f.line}, column ${f.column})`).join('\n') : undefined,
  };
}

const FRAME = new RegExp(`at (?:(\\S+) \\()?${FILE.replace('.', '\\.')}:(\\d+):(\\d+)\\)?`);

/** Frames of the user's code (the wrapper's own frames dropped), at most 10. */
function userFrames(stack: string, lineOffset: number, maxLine: number): { fn: string; line: number; column: number }[] {
  const out: { fn: string; line: number; column: number }[] = [];
  for (const l of stack.split('\n')) {
    const m = FRAME.exec(l);
    if (!m) continue;
    // A syntax error found at the wrapper's closing line (an unclosed brace) belongs to the user's last line.
    const line = Math.min(Number(m[2]) - lineOffset, maxLine);
    if (line < 1 || m[1] === '<eval>') continue;
    out.push({ fn: m[1] && m[1] !== '<anonymous>' ? m[1] : '<code>', line, column: Number(m[3]) });
    if (out.length >= 10) break;
  }
  return out;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
