/**
 * How long this process's event loop has been late, over a rolling window: the figure
 * that shows whether one request or one run stalls everyone else.
 *
 * Built on `perf_hooks.monitorEventLoopDelay` (libuv timer sampling every
 * {@link RESOLUTION_MS} ms). Two histograms alternate every `windowMs`: a report covers
 * the current one and the one before it, so it always describes the last `windowMs` to
 * `2 × windowMs` of the process's life. Values are milliseconds.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Sampling resolution of the delay histogram, ms. */
const RESOLUTION_MS = 10;
/** Default rolling window, ms (a report covers 10–20 s). */
const DEFAULT_WINDOW_MS = 10_000;

export interface EventLoopDelay {
  /** Median delay, ms. */
  p50Ms: number;
  /** 99th percentile delay, ms. */
  p99Ms: number;
  /** Longest delay, ms. */
  maxMs: number;
  /** How much of the process's recent life the figures cover, ms. */
  windowMs: number;
}

const NS_PER_MS = 1e6;

/** Rolling event-loop delay of this process; start once with {@link eventLoopMonitor}. */
export class EventLoopMonitor {
  private current: IntervalHistogram;
  private previous: IntervalHistogram | null = null;
  private since = Date.now();
  private timer: NodeJS.Timeout;

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {
    this.current = this.open();
    this.timer = setInterval(() => this.rotate(), windowMs);
    this.timer.unref();
  }

  private open(): IntervalHistogram {
    const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    h.enable();
    return h;
  }

  private rotate(): void {
    this.previous?.disable();
    this.previous = this.current;
    this.current = this.open();
    this.since = Date.now() - this.windowMs;
  }

  /** The delay over the last one to two windows (see the module docstring). */
  report(): EventLoopDelay {
    const hs = this.previous ? [this.previous, this.current] : [this.current];
    const counted = hs.filter((h) => h.count > 0);
    // The timer's own resolution is part of every sample; subtract it so an idle loop reads ~0.
    const ms = (ns: number) => Math.max(0, Math.round((ns / NS_PER_MS - RESOLUTION_MS) * 10) / 10);
    if (!counted.length) return { p50Ms: 0, p99Ms: 0, maxMs: 0, windowMs: Date.now() - this.since };
    return {
      p50Ms: ms(Math.max(...counted.map((h) => h.percentile(50)))),
      p99Ms: ms(Math.max(...counted.map((h) => h.percentile(99)))),
      maxMs: ms(Math.max(...counted.map((h) => h.max))),
      windowMs: Date.now() - this.since,
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.current.disable();
    this.previous?.disable();
  }
}

const g = globalThis as unknown as { __batonEventLoop?: EventLoopMonitor };

/** The process's monitor, started on first use (kept on `globalThis`: Next bundles routes separately). */
export function eventLoopMonitor(): EventLoopMonitor {
  return (g.__batonEventLoop ??= new EventLoopMonitor());
}
