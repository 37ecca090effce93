/**
 * Built-in functions that make values (strings, arrays, objects) are wrapped so that
 * every result is checked against the per-value size limit and added to the
 * evaluation's running total (`limits.ts`, {@link EvaluationMeter}) the moment it is
 * made. The exit hook alone does not see them all: a built-in called from a lambda
 * given to `$map`, `$filter`, `$reduce`… in tail position (`function($i) {
 * $uppercase($s) }`) runs through JSONata's tail-call trampoline, and its result goes
 * straight into the higher-order function's array, seen by the hook only when that
 * function returns, by then possibly hundreds of MB later.
 *
 * `$replace`, `$split`, `$match` and `$contains` also get a regex matcher that pauses
 * between matches ({@link pausingMatcher}).
 *
 * Server only (with `limits.ts`).
 */
import jsonata from 'jsonata';
import { meterOf, SLICE_MS, type EvaluationMeter } from './limits';

/** The built-ins that make strings, arrays or objects (those that return numbers or booleans, or pass a value on, are left as they are). */
const MAKERS = [
  'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase', 'trim', 'pad', 'match', 'replace', 'split', 'join',
  'formatNumber', 'formatBase', 'formatInteger', 'map', 'zip', 'filter', 'sift', 'keys', 'append', 'spread', 'merge', 'reverse', 'each', 'sort',
  'shuffle', 'distinct', 'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'eval', 'fromMillis', 'clone',
  'contains', // a boolean, but it loops over regex matches (see MATCHERS)
];

interface FunctionDefinition {
  _jsonata_function: true;
  implementation: (this: Focus, ...args: unknown[]) => unknown;
  signature?: unknown;
  arity?: number;
}

interface Focus {
  environment?: unknown;
}

/** Wraps `impl` to account for its result; JSONata reads a native function's parameters from its text and its arity from its length, so both are kept. */
export function counting(impl: FunctionDefinition['implementation']): FunctionDefinition['implementation'] {
  const wrapped = function (this: Focus, ...args: unknown[]): unknown {
    const result = impl.apply(this, args);
    const env = this?.environment as { base?: object } | undefined;
    const meter = env?.base ? meterOf(env.base) : undefined;
    if (meter === undefined) return result;
    if (result instanceof Promise) return result.then((v) => meter.made(v));
    return meter.made(result);
  };
  wrapped.toString = () => impl.toString();
  Object.defineProperty(wrapped, 'length', { value: impl.length });
  return wrapped;
}

interface MatchResult {
  next?: () => unknown;
}

/**
 * A regex matcher (JSONata's closure over a regex literal) whose `next()` awaits the
 * evaluation's pause once a slice has run: JSONata's `$replace`, `$split` and
 * `$match` await each `next()`, so a loop over many matches gives way to other work
 * every {@link SLICE_MS} ms instead of holding the event loop to the end.
 */
function pausingMatcher(matcher: (this: unknown, str: string) => unknown, meter: EvaluationMeter) {
  const wrap = (m: unknown): unknown => {
    if (m instanceof Promise) return m.then(wrap);
    const r = m as MatchResult | undefined;
    if (r === undefined || r === null || typeof r.next !== 'function') return m;
    const next = r.next;
    r.next = () => {
      const pause = meter.tick();
      return pause ? pause.then(() => wrap(next())) : wrap(next());
    };
    return m;
  };
  return function (this: unknown, str: string) {
    return wrap(matcher.call(this, str));
  };
}

/** Wraps `$replace`/`$split`/`$match`/`$contains` (`(str, pattern, …)`) so that a regex pattern is searched with {@link pausingMatcher}. */
function pausing(impl: FunctionDefinition['implementation']): FunctionDefinition['implementation'] {
  const wrapped = function (this: Focus, ...args: unknown[]): unknown {
    const env = this?.environment as { base?: object } | undefined;
    const meter = env?.base ? meterOf(env.base) : undefined;
    if (meter !== undefined && typeof args[1] === 'function') args[1] = pausingMatcher(args[1] as (str: string) => unknown, meter);
    return impl.apply(this, args);
  };
  wrapped.toString = () => impl.toString();
  Object.defineProperty(wrapped, 'length', { value: impl.length });
  return wrapped;
}

/** The built-ins that loop over regex matches. */
const MATCHERS = new Set(['replace', 'split', 'match', 'contains']);

let builtins: Record<string, FunctionDefinition> | null = null;

/** Fetches JSONata's own definitions of {@link MAKERS} once (JSONata hands them out only through an evaluation); to await before {@link countMadeValues}. */
export async function loadBuiltins(): Promise<void> {
  if (builtins !== null) return;
  builtins = (await jsonata(`{${MAKERS.map((n) => `"${n}": $${n}`).join(', ')}}`).evaluate({})) as Record<string, FunctionDefinition>;
}

/** Whether {@link loadBuiltins} has completed. */
export const builtinsLoaded = (): boolean => builtins !== null;

/**
 * Replaces, in `compiled`, each of JSONata's built-ins of {@link MAKERS} by a version
 * that accounts for its result (built-ins registered on `compiled` itself should be
 * wrapped with {@link counting} when registered, and are listed in `own` to be left alone).
 * @throws Error when {@link loadBuiltins} has not completed.
 */
export function countMadeValues(compiled: jsonata.Expression, own: ReadonlySet<string>): void {
  if (builtins === null) throw new Error('countMadeValues before loadBuiltins');
  for (const name of MAKERS) {
    const def = builtins[name];
    if (own.has(name) || !def?.implementation) continue;
    const impl = MATCHERS.has(name) ? pausing(def.implementation) : def.implementation;
    compiled.assign(name, { _jsonata_function: true, implementation: counting(impl), signature: def.signature });
  }
}
