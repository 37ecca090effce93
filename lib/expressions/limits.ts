/**
 * Bounds on JSONata evaluation, so that no expression a designer writes can stall
 * the server's event loop or exhaust its memory.
 *
 * How (and why this way):
 * - Time. Evaluation stays on the main thread, but cooperative: JSONata calls an exit
 *   hook after every sub-expression, which reads the clock every time, and once a
 *   slice of {@link SLICE_MS} ms has run the hook pauses for {@link PAUSE_MS} ms, so other requests are served in between.
 *   The budget (`timeoutMs`, default 1000, `BATON_EXPRESSION_TIMEOUT_MS`) counts only
 *   the expression's own running time. A worker thread (evaluate again off the main
 *   thread when a first slice runs out) was weighed and not taken: the common
 *   expression takes microseconds, the slow path would need the whole scope copied
 *   to the worker and a second bundle entry, and it still leaves the main-thread
 *   slice unprotected from one long built-in call. Instead, what could run long
 *   *inside* one built-in call, where no hook runs, is bounded where it is: regular
 *   expressions run on RE2 in linear time, each search bounded in work and every
 *   search asking the evaluation's clock ({@link REGEX_MAX_BLOCK_MS} ms at most
 *   without a pause, `regex.ts`); `$distinct` (JSONata's
 *   compares every pair) and `$sort` (JSONata's copies the array at every comparison:
 *   quadratic time and memory, 100,000 numbers exhaust a 1 GB heap) are replaced by
 *   O(n log n) versions; JSONata's order-by operator `^( )` uses that same sort
 *   internally and cannot be replaced, so expressions using it get
 *   {@link ORDER_BY_MAX_ITEMS} items at most; and every value is bounded in size
 *   (below), which bounds `$string`, `=`, `**` and the like.
 * - Memory. The exit hook checks every intermediate result: a string or a structure
 *   larger than `maxSize` (≈ characters of its JSON text, default 4,194,304 — the
 *   4 MiB of a step's data, `BATON_STEP_DATA_MAX_BYTES` —
 *   `BATON_EXPRESSION_MAX_SIZE`) or an array longer than `maxItems` (default 100,000,
 *   `BATON_EXPRESSION_MAX_ITEMS`, also JSONata's own sequence and range bound) fails
 *   the evaluation with {@link ExpressionLimitError}. Sizes of objects and arrays are
 *   memoized per object, so a structure that shares itself (`[$a, $a]` repeated) is
 *   caught by its size as JSON, not by the memory it takes. Built-ins that allocate
 *   far beyond their inputs in one call are replaced by bounded versions (`$pad`);
 *   JSONata's own range operator honours `maxItems`. Strings made by `&` or
 *   `$replace` are ropes until used, and the hook sees them first. Besides each value,
 *   the total one evaluation makes is bounded: {@link PRODUCED_FACTOR} × `maxSize`
 *   (see {@link EvaluationMeter}).
 *
 * Pure apart from reading the environment once; used on the server only (the
 * designer only parses expressions).
 */
import { ExpressionLimitError } from './limit-error';
import { claimLastRegex, REGEX_MAX_BLOCK_MS, type RegexMeter } from './regex';

export { ExpressionLimitError };

/** Limits of one evaluation. Times in ms, sizes in characters of JSON text, items in array elements. */
export interface ExpressionLimits {
  timeoutMs: number;
  maxSize: number;
  maxItems: number;
}

/** Running time after which evaluation pauses for {@link PAUSE_MS} so that other work runs, ms. */
export const SLICE_MS = 10;
/**
 * The pause after each slice, ms: a long evaluation gets at most about half of the
 * event loop, and a request that needs several turns of the loop is served within
 * one pause instead of waiting a slice per turn.
 */
export const PAUSE_MS = 10;

function envInt(name: string, fallback: number): number {
  const raw = typeof process !== 'undefined' ? process.env?.[name] : undefined;
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The operator's limits (env vars read once). */
export const LIMITS: ExpressionLimits = {
  timeoutMs: envInt('BATON_EXPRESSION_TIMEOUT_MS', 1000),
  maxSize: envInt('BATON_EXPRESSION_MAX_SIZE', 4_194_304),
  maxItems: envInt('BATON_EXPRESSION_MAX_ITEMS', 100_000),
};

export function sizeError(limits: ExpressionLimits): ExpressionLimitError {
  return new ExpressionLimitError(
    `a value grew larger than the limit of ${limits.maxSize} characters (BATON_EXPRESSION_MAX_SIZE)`,
    'size',
    limits.maxSize,
  );
}

function itemsError(limits: ExpressionLimits): ExpressionLimitError {
  return new ExpressionLimitError(`an array grew longer than the limit of ${limits.maxItems} items (BATON_EXPRESSION_MAX_ITEMS)`, 'items', limits.maxItems);
}

const sizes = new WeakMap<object, number>();
const MAX_NESTING = 5000;

/**
 * Approximate size of `v` as JSON text, in characters, memoized per object.
 * @throws ExpressionLimitError as soon as it exceeds `limits.maxSize` or an array exceeds `limits.maxItems`.
 */
export function sizeOf(v: unknown, limits: ExpressionLimits, depth = 0): number {
  if (typeof v === 'string') {
    if (v.length > limits.maxSize) throw sizeError(limits);
    return v.length + 2;
  }
  if (v === null || typeof v !== 'object') return typeof v === 'function' || v === undefined ? 0 : 8;
  if ((v as { _jsonata_lambda?: boolean })._jsonata_lambda || (v as { _jsonata_function?: boolean })._jsonata_function) return 0;
  const known = sizes.get(v);
  if (known !== undefined) return known;
  if (depth > MAX_NESTING) throw new ExpressionLimitError(`a value is nested deeper than ${MAX_NESTING} levels`, 'size', limits.maxSize);
  let total = 2;
  if (Array.isArray(v)) {
    if (v.length > limits.maxItems) throw itemsError(limits);
    for (let i = 0; i < v.length; i++) {
      total += sizeOf(v[i], limits, depth + 1) + 1;
      if (total > limits.maxSize) throw sizeError(limits);
    }
  } else {
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      total += k.length + 4 + sizeOf((v as Record<string, unknown>)[k], limits, depth + 1);
      if (total > limits.maxSize) throw sizeError(limits);
    }
  }
  sizes.set(v, total);
  return total;
}

/** The running total of produced values may reach this many times `maxSize` (see {@link EvaluationMeter}). */
export const PRODUCED_FACTOR = 8;

function timeError(limits: ExpressionLimits): ExpressionLimitError {
  return new ExpressionLimitError(`evaluation ran longer than the limit of ${limits.timeoutMs} ms (BATON_EXPRESSION_TIMEOUT_MS)`, 'time', limits.timeoutMs);
}

/** Node types whose object or array result is one they made (not one they passed on): calls, operators, array and object constructors, `~>`. */
const PRODUCING = new Set(['function', 'binary', 'unary', 'apply']);

interface ExprNode {
  type?: string;
}

/**
 * Per-evaluation state of the exit hook, kept on JSONata's per-evaluation frame:
 * the slice clock, and the running total of the sizes of values produced.
 * - Time: the clock is read on every exit (performance.now() costs tens of ns, an
 *   exit with its `await` several hundred), so no slice outlasts the slowest single
 *   step; also the {@link RegexMeter} of the regex literals evaluated.
 * - Memory: every value a built-in function makes (`builtins.ts` calls
 *   {@link EvaluationMeter.made}) and every object or array a producing node
 *   ({@link PRODUCING}) makes adds its size (characters of JSON text; each object or
 *   array once) to `produced`; past
 *   {@link PRODUCED_FACTOR} × `maxSize` the evaluation fails. This bounds what one
 *   evaluation can allocate in total, not only each value (60 strings of 4 M
 *   characters each pass the per-value check, and would take 500 MB).
 */
export class EvaluationMeter implements RegexMeter {
  sliceStart = now();
  usedMs = 0;
  produced = 0;
  private counted: WeakSet<object> | null = null;

  constructor(private readonly limits: ExpressionLimits) {}

  /** Regex searches: throws past the running-time budget or after {@link REGEX_MAX_BLOCK_MS} ms without a pause. */
  check(): void {
    const ran = now() - this.sliceStart;
    if (this.usedMs + ran > this.limits.timeoutMs) throw timeError(this.limits);
    if (ran > REGEX_MAX_BLOCK_MS) {
      throw new ExpressionLimitError(`regular expressions ran longer than ${REGEX_MAX_BLOCK_MS} ms without a pause`, 'time', REGEX_MAX_BLOCK_MS);
    }
  }

  /**
   * Reads the clock: once the slice has run {@link SLICE_MS} ms, a pause of
   * {@link PAUSE_MS} ms to await (else nothing).
   * @throws ExpressionLimitError past the running-time budget.
   */
  tick(): Promise<void> | undefined {
    const t = now();
    if (t - this.sliceStart < SLICE_MS) return undefined;
    this.usedMs += t - this.sliceStart;
    if (this.usedMs > this.limits.timeoutMs) throw timeError(this.limits);
    return pause().then(() => {
      this.sliceStart = now();
    });
  }

  /**
   * A built-in made `result`: checks it against `maxSize` and `maxItems` and adds it to the total.
   * @returns `result`
   * @throws ExpressionLimitError past a limit.
   */
  made(result: unknown): unknown {
    if (typeof result === 'string') {
      if (result.length > this.limits.maxSize) throw sizeError(this.limits);
      if (result.length > 0) this.count(result, result.length);
    } else if (result !== null && typeof result === 'object') this.count(result, sizeOf(result, this.limits));
    return result;
  }

  /** Adds a produced value's size (already checked against `maxSize`). */
  count(result: unknown, size: number): void {
    if (typeof result === 'object' && result !== null) {
      if (this.counted === null) this.counted = new WeakSet();
      else if (this.counted.has(result)) return;
      this.counted.add(result);
    }
    this.produced += size;
    if (this.produced > PRODUCED_FACTOR * this.limits.maxSize) {
      throw new ExpressionLimitError(
        `the values made by one evaluation grew larger than ${PRODUCED_FACTOR} × the limit of ${this.limits.maxSize} characters (BATON_EXPRESSION_MAX_SIZE)`,
        'size',
        PRODUCED_FACTOR * this.limits.maxSize,
      );
    }
  }
}

/** Where an evaluation's {@link EvaluationMeter} lives: on JSONata's per-evaluation frame (`environment.base`). */
const METER = Symbol('baton.expressionMeter');

/** The meter of the evaluation whose frame is `base`, once its exit hook has run. */
export const meterOf = (base: object): EvaluationMeter | undefined => (base as { [METER]?: EvaluationMeter })[METER];
const now = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

/**
 * JSONata's `__evaluate_exit` hook for one compiled expression: checks the size of
 * every intermediate result, counts what producing nodes made, hands each regex
 * literal's engine the evaluation's clock and slices the running time (see the
 * module comment and {@link EvaluationMeter}). Returns nothing (no pause) on the
 * common path.
 * @throws ExpressionLimitError past a limit.
 */
export function exitHook(limits: ExpressionLimits) {
  return (expr: ExprNode, _input: unknown, environment: { base: object }, result: unknown): Promise<void> | undefined => {
    const base = environment.base as { [METER]?: EvaluationMeter };
    let st = base[METER];
    if (st === undefined) st = base[METER] = new EvaluationMeter(limits);
    if (typeof result === 'string') {
      if (result.length > limits.maxSize) throw sizeError(limits);
    } else if (result !== null && typeof result === 'object') {
      const size = sizeOf(result, limits);
      if (PRODUCING.has(expr.type as string)) st.count(result, size);
    } else if (typeof result === 'function' && expr.type === 'regex') claimLastRegex(st);
    return st.tick();
  };
}

/** Number of code points of `s` (JSONata counts characters that way), without allocating: also `$length`, whose JSONata version builds an array of every character. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * `$pad(str, width[, char])` as JSONata defines it, refusing widths beyond `maxSize`
 * before allocating (JSONata's own builds the padding from an array of `width`
 * slots). The padding is `char` repeated and cut to length as a string; only a fill
 * with characters outside the BMP is cut by code points.
 */
export function boundedPad(limits: ExpressionLimits) {
  return (str: string | undefined, width: number, char?: string): string | undefined => {
    if (str === undefined) return undefined;
    const w = Math.trunc(width);
    if (Math.abs(w) > limits.maxSize) throw sizeError(limits);
    const fill = char === undefined || char.length === 0 ? ' ' : char;
    const padLength = Math.abs(w) - codePoints(str);
    if (padLength <= 0) return str;
    const unit = codePoints(fill);
    const repeated = fill.repeat(Math.ceil(padLength / unit));
    const padding = unit === fill.length ? repeated.slice(0, padLength) : Array.from(repeated).slice(0, padLength).join('');
    return w > 0 ? str + padding : padding + str;
  };
}

/** A stable text key of a JSON-like value (object keys sorted), for {@link distinctValues}. */
function keyOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? `s${v}` : `p${String(v)}`;
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${keyOf(o[k])}`)
    .join(',')}}`;
}

/**
 * `$distinct(array)`: the array without repeated values (deep equality, first one
 * kept, order kept), in time linear in the array's size instead of JSONata's pairwise
 * comparison. Non-arrays and short arrays are returned as they are, as JSONata does.
 */
export function distinctValues(arr: unknown): unknown {
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  const primitives = new Set<unknown>();
  const structures = new Set<string>();
  const out: unknown[] = [];
  for (const v of arr) {
    if (v !== null && typeof v === 'object') {
      const k = keyOf(v);
      if (structures.has(k)) continue;
      structures.add(k);
    } else {
      if (primitives.has(v)) continue;
      primitives.add(v);
    }
    out.push(v);
  }
  if ((arr as unknown as { sequence?: boolean }).sequence) (out as unknown as { sequence: boolean }).sequence = true;
  return out;
}

/**
 * A plain JSON copy of an evaluation result (JSONata's arrays carry extra
 * properties): `undefined` becomes null, as do numbers that are not finite; strings,
 * booleans and finite numbers are returned as they are (no copy needed).
 * @throws ExpressionLimitError when the copy would exceed `limits.maxSize`.
 */
export function toPlainJson(v: unknown, limits: ExpressionLimits): unknown {
  switch (typeof v) {
    case 'undefined':
      return null;
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null; // as JSON.stringify writes NaN and ±Infinity
    case 'object':
      if (v === null) return null;
      sizeOf(v, limits);
      return JSON.parse(JSON.stringify(v));
    default:
      return JSON.parse(JSON.stringify(v) as string); // functions: not JSON (a clear error, as before)
  }
}

/** Expressions using JSONata's order-by operator `^( )` get at most this many items per array: its sort (not replaceable) copies arrays per comparison, so time and memory grow with the square of the length. */
export const ORDER_BY_MAX_ITEMS = 5000;

/**
 * `$sort(array[, comparator])` as JSONata defines it (stable; `comparator(a, b)`
 * true puts `b` first; without one, all numbers or all strings, else error D3070),
 * as a merge sort in O(n log n) comparisons and O(n) memory. JSONata's own copies
 * the rest of an array at every comparison (quadratic time and memory).
 */
export async function sortValues(arr: unknown, comparator?: (a: unknown, b: unknown) => unknown): Promise<unknown> {
  if (arr === undefined) return undefined;
  if (!Array.isArray(arr) || arr.length <= 1) return arr;
  if (comparator === undefined) {
    const allNumbers = arr.every((v) => typeof v === 'number');
    if (!allNumbers && !arr.every((v) => typeof v === 'string')) throw { code: 'D3070', index: 1, stack: new Error().stack };
    return arr.slice().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // stable, like JSONata's
  }
  const before = async (a: unknown, b: unknown) => Boolean(await comparator(a, b));
  let src = arr.slice();
  let dst = new Array<unknown>(src.length);
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) dst[k++] = (await before(src[i], src[j])) ? src[j++] : src[i++];
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
