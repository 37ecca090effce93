/**
 * The code sandbox's worker thread (started by `pool.ts`, one per pool slot). Plain
 * JavaScript on purpose: Node loads this file as it is, under vitest and tsx as well as
 * behind the Next.js server bundle, and it imports nothing of the app, only
 * `quickjs-emscripten` from node_modules.
 *
 * Life of a worker: compile the QuickJS WebAssembly module once (≈ 12 ms), post
 * `{ type: 'ready' }`, then answer each `run` message with one `result` message, one
 * execution at a time. Each execution gets a fresh QuickJS runtime and context,
 * disposed afterwards. The interpreter runs synchronously here, so this thread is
 * busy for at most the CPU limit while the server's main thread is not.
 *
 * Memory limit. QuickJS's own `setMemoryLimit` does not hold in this WebAssembly build:
 * its allocator cannot ask malloc for block sizes there, so it counts 8 bytes per
 * allocation whatever its size (a script pushing 1 MB strings went past 2 GB under a
 * 16 MiB limit). The hard limit is therefore the WebAssembly memory itself: each
 * instance of the module gets a `WebAssembly.Memory` whose `maximum` is
 * {@link BASE_BYTES} + the execution's `memoryBytes`. When the heap would grow past it,
 * malloc fails and QuickJS throws `out of memory` (`MEMORY_LIMIT`). An instance is
 * reused while executions ask for the same limit (≈ 2 ms to make another); linear
 * memory never shrinks, so each result reports `wasmBytes` (the memory's size) and
 * `heapBytes` (this thread's V8 heap) and the pool replaces a worker that grew too much.
 *
 * Messages (data crosses only as strings and numbers):
 * - in: `{ type: 'run', id, code, context, timeoutMs, memoryBytes, stackBytes, maxLogLines, maxLogLineChars, maxResultChars }`,
 *   `context` being the JSON text of `{ input, steps, vars, run }`; times in ms, sizes in bytes
 *   (`memoryBytes`, `stackBytes`) or characters (`maxLogLineChars`, `maxResultChars`).
 * - out: `{ type: 'result', id, ok: true, valueText, logs, durationMs }` or
 *   `{ type: 'result', id, ok: false, error: { code, message, line?, column?, stack? }, logs, durationMs, retire? }`,
 *   both with `wasmBytes` and `heapBytes` (bytes, measured after the execution).
 *   `retire: true` means the module failed outside QuickJS's own error handling (its
 *   memory may be inconsistent): the pool replaces this worker and never sends it
 *   another execution.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, shouldInterruptAfterDeadline } from 'quickjs-emscripten';

if (!parentPort) throw new Error('sandbox-worker.mjs must run in a worker thread');
const port = parentPort;

/** The module's own memory before any script runs (its initial size: static data, C stack, the interpreter), bytes. */
const BASE_BYTES = 16 * 1024 * 1024;
const PAGE_BYTES = 64 * 1024;

/** The compiled module, shared by every instance; undefined when the file cannot be found (each instance then compiles it). */
const compiled = await (async () => {
  try {
    const file = createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm');
    return await WebAssembly.compile(readFileSync(file));
  } catch {
    return undefined;
  }
})();

/** The current instance: `{ quickjs, memory, memoryBytes }`, `memoryBytes` being the execution limit it was made for. */
let instance = await newInstance(32 * 1024 * 1024);
let retired = false;

/** A module instance whose linear memory cannot grow past {@link BASE_BYTES} + `memoryBytes`. */
async function newInstance(memoryBytes) {
  const memory = new WebAssembly.Memory({ initial: BASE_BYTES / PAGE_BYTES, maximum: Math.ceil((BASE_BYTES + memoryBytes) / PAGE_BYTES) });
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: memory, ...(compiled ? { wasmModule: compiled } : {}) }));
  return { quickjs, memory, memoryBytes };
}

/** Sizes reported with each result, bytes. */
function footprint() {
  return { wasmBytes: instance.memory.buffer.byteLength, heapBytes: getHeapStatistics().used_heap_size };
}

/** The file name QuickJS reports positions against. */
const FILE = 'code.js';
/** The user's code is the body of this async function; its first line is line 2 of the script. */
const WRAP_HEAD = '(async function () {\n';
const WRAP_TAIL = '\n})()';
const LINE_OFFSET = 1;

/**
 * Defines the globals the user's code sees, from one JSON string. The host log
 * function is captured in a closure and removed from the global object; lines are
 * cut inside the sandbox so a huge line never crosses into the host.
 */
const prelude = (maxLineChars) => `(function () {
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
  const write = (level) => (...args) => { hostLog((level + args.map(show).join(' ')).slice(0, ${maxLineChars + 1})); };
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

port.on('message', async (msg) => {
  if (!msg || msg.type !== 'run') return;
  let result;
  if (retired) result = { ok: false, error: { code: 'SANDBOX', message: 'the sandbox failed earlier and is being replaced' }, logs: [], durationMs: 0, retire: true };
  else {
    // The pool sends one execution at a time, so nothing else runs while a new instance is made.
    if (instance.memoryBytes !== msg.memoryBytes) instance = await newInstance(msg.memoryBytes);
    result = execute(msg);
  }
  port.postMessage({ type: 'result', id: msg.id, ...result, ...footprint() });
});
port.postMessage({ type: 'ready' });

/** One execution; never throws for anything the user's code does. */
function execute(req) {
  const logs = [];
  let dropped = 0;
  const started = performance.now();
  const done = (r) => {
    if (dropped > 0) logs.push(`… ${dropped} more console line${dropped === 1 ? '' : 's'} not kept`);
    return { ...r, logs, durationMs: performance.now() - started };
  };

  let runtime;
  let ctx;
  try {
    runtime = instance.quickjs.newRuntime();
    runtime.setMemoryLimit(req.memoryBytes);
    runtime.setMaxStackSize(req.stackBytes);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + req.timeoutMs));
    ctx = runtime.newContext();
    const c = ctx;

    const contextJson = c.newString(req.context);
    c.setProp(c.global, '__batonContext', contextJson);
    contextJson.dispose();
    const logFn = c.newFunction('log', (line) => {
      if (logs.length >= req.maxLogLines) dropped++;
      else {
        const text = c.getString(line);
        logs.push(text.length > req.maxLogLineChars ? `${text.slice(0, req.maxLogLineChars)}…` : text);
      }
    });
    c.setProp(c.global, '__batonLog', logFn);
    logFn.dispose();
    const pre = c.evalCode(prelude(req.maxLogLineChars), 'prelude.js');
    if (pre.error) {
      const e = describeError(c, pre.error, 0);
      if (e.code === 'MEMORY_LIMIT') e.message = `the run context ($input, $steps, $vars: ${Math.ceil(req.context.length / 1024)} KiB of JSON) does not fit in the memory limit`;
      return done({ ok: false, error: e });
    }
    pre.value.dispose();

    const evaluated = c.evalCode(WRAP_HEAD + req.code + WRAP_TAIL, FILE);
    if (evaluated.error) return done({ ok: false, error: describeError(c, evaluated.error, LINE_OFFSET, req.code.split('\n').length) });
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
      return done(serialize(c, state.value, req.maxResultChars));
    } finally {
      promise.dispose();
    }
  } catch (err) {
    // The interpreter failed outside QuickJS's own error handling (e.g. the native
    // stack overflowed): this module's memory may be inconsistent, so never reuse it.
    retired = true;
    ctx = undefined;
    const message = err instanceof Error ? err.message : String(err);
    const stackLike = /call stack|stack overflow/i.test(message);
    const memoryLike = /out of memory|OOM|enlarge memory/i.test(message);
    return done({
      ok: false,
      error: stackLike
        ? { code: 'STACK_LIMIT', message: 'the code recursed too deeply (stack limit)' }
        : memoryLike
          ? { code: 'MEMORY_LIMIT', message: 'the code used more memory than its limit' }
          : { code: 'SANDBOX', message: `the sandbox failed: ${message}` },
      retire: true,
    });
  } finally {
    try {
      ctx?.dispose();
      if (!retired) runtime?.dispose();
    } catch {
      retired = true;
    }
  }
}

/** Serializes and disposes the fulfilled value; the JSON text is parsed by the main thread. */
function serialize(c, value, maxChars) {
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
    if (text.length > maxChars) return { ok: false, error: { code: 'NOT_JSON', message: `the result is ${text.length} characters of JSON; at most ${maxChars} are allowed` } };
    // A hostile `JSON.stringify` inside the sandbox may return any string: check it here,
    // where a parse failure is cheap, so the main thread only ever parses real JSON.
    try {
      JSON.parse(text);
    } catch (err) {
      return { ok: false, error: { code: 'NOT_JSON', message: `the result is not JSON: ${err instanceof Error ? err.message : String(err)}` } };
    }
    return { ok: true, valueText: text };
  } finally {
    value.dispose();
  }
}

/** Reads a QuickJS error (and disposes its handle) into `{ code, message, line?, column?, stack? }`; positions are shifted by `lineOffset`. */
function describeError(c, handle, lineOffset, maxLine = Infinity) {
  let raw;
  try {
    raw = c.dump(handle);
  } finally {
    handle.dispose();
  }
  const e = raw && typeof raw === 'object' ? raw : null;
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
function userFrames(stack, lineOffset, maxLine) {
  const out = [];
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

function safeJson(v) {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
