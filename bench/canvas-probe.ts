/**
 * The in-page half of the canvas benchmark (`bench/designer.ts`): installed with
 * Playwright's `addInitScript` before any of the page's own scripts, it records the
 * time of every animation frame and decides when the page became interactive.
 *
 * **Interactive** (`window.__canvasProbe.interactiveAt`, ms since navigation start,
 * `performance.now()`): the first animation frame in which
 *  1. the page's own "ready" condition holds (`readySelector` matches — e.g. the run
 *     view's step count is shown) and React Flow has fitted the view (its viewport
 *     transform is no longer the initial `translate(0px, 0px) scale(1)`; a fitted big
 *     workflow may show empty canvas, so no node card is required);
 *  2. every node card React Flow has put in the DOM is measured and shown (React Flow
 *     keeps an unmeasured node `visibility: hidden`);
 *  3. nothing moved since the frame before: the same number of node cards and edges
 *     and the same viewport transform (the initial fit view is done);
 *  4. that frame came at most {@link FREE_FRAME_MS} after the frame before, so no long
 *     task is holding the main thread: an input event would be handled within one
 *     long-task budget.
 *
 * Frame times (`frames`): the `requestAnimationFrame` timestamp of every frame since
 * navigation start (ms); a frame time is the gap between two consecutive ones.
 *
 * Work the page defers past interactive is reported beside it, not hidden by it:
 * `doneAt`, the first frame at or after `interactiveAt` in which `doneSelector` matches
 * (the designer: its first validation has run and the problems are shown), and
 * `longTasks`, every task of 50 ms or more (`PerformanceObserver` "longtask": start and
 * duration, ms since navigation start), so a long task right after the interactive
 * frame shows.
 */

/** A frame at most this long after the one before proves the main thread free (ms; the Long Tasks API's threshold). */
export const FREE_FRAME_MS = 50;

export interface ProbeOptions {
  /** CSS selector that must match before the page counts as ready (see module comment, 1.). */
  readySelector: string;
  /** When set, the element matching `readySelector` must have exactly this text. */
  readyText?: string;
  /** When set, `doneAt` is the first frame from `interactiveAt` on in which this selector matches (the page's deferred work is done). */
  doneSelector?: string;
}

export interface ProbeState {
  frames: number[];
  interactiveAt: number | null;
  /** Node cards and edges in the DOM at `interactiveAt`. */
  nodesInDom: number;
  edgesInDom: number;
  doneAt: number | null;
  /** Long tasks: [start, duration] in ms. */
  longTasks: [number, number][];
}

/**
 * The probe itself: runs in the browser (serialized by Playwright, so it must not use
 * anything from its module scope).
 */
export function installProbe(opts: ProbeOptions & { freeFrameMs: number }): void {
  const state: ProbeState = { frames: [], interactiveAt: null, nodesInDom: 0, edgesInDom: 0, doneAt: null, longTasks: [] };
  (window as unknown as { __canvasProbe: ProbeState }).__canvasProbe = state;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the list stays empty.
  }
  let prevSig = '';
  let prevAt = 0;
  const ready = (): string | null => {
    const el = document.querySelector(opts.readySelector);
    if (!el || (opts.readyText !== undefined && el.textContent?.trim() !== opts.readyText)) return null;
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const transform = viewport?.style.transform ?? '';
    if (!transform || transform === 'translate(0px, 0px) scale(1)') return null;
    const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
    const edges = document.querySelectorAll('.react-flow__edge');
    for (const n of nodes) if (n.style.visibility === 'hidden') return null;
    return `${nodes.length}|${edges.length}|${transform}`;
  };
  const tick = (ts: number) => {
    state.frames.push(ts);
    if (state.interactiveAt === null) {
      const now = performance.now();
      const sig = ready();
      if (sig !== null && sig === prevSig && now - prevAt <= opts.freeFrameMs) {
        state.interactiveAt = now;
        const [n, e] = sig.split('|');
        state.nodesInDom = Number(n);
        state.edgesInDom = Number(e);
      }
      prevSig = sig ?? '';
      prevAt = now;
    }
    if (state.interactiveAt !== null && state.doneAt === null && (!opts.doneSelector || document.querySelector(opts.doneSelector))) state.doneAt = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Frame statistics of the rAF timestamps `frames` (ms): median fps and the 95th percentile frame time. */
export function frameStats(frames: readonly number[]): { frames: number; medianFps: number; p95FrameMs: number; worstFrameMs: number } {
  const gaps: number[] = [];
  for (let i = 1; i < frames.length; i++) gaps.push(frames[i]! - frames[i - 1]!);
  if (gaps.length === 0) return { frames: 0, medianFps: 0, p95FrameMs: 0, worstFrameMs: 0 };
  const sorted = [...gaps].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { frames: gaps.length, medianFps: 1000 / at(0.5), p95FrameMs: at(0.95), worstFrameMs: sorted[sorted.length - 1]! };
}
