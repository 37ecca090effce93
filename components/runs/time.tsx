'use client';
/** Live clocks: relative times and durations that tick while they matter. */
import { useEffect, useState } from 'react';
import { absoluteTime, formatDuration, relativeTime } from '@/lib/run-view/format';

/**
 * The current time, refreshed every `intervalMs` while `active`. Starts at 0 on the
 * server render and the first client render (no hydration mismatch), then ticks.
 */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs, active]);
  return now;
}

/** "5 min ago", with the absolute date and time as tooltip. */
export function RelativeTime({ at, className }: { at: number; className?: string }) {
  const now = useNow(5_000);
  return (
    <time dateTime={new Date(at).toISOString()} title={absoluteTime(at)} className={className} suppressHydrationWarning>
      {now ? relativeTime(at, Math.max(now, at)) : absoluteTime(at)}
    </time>
  );
}

/** Duration from `start` to `end`; ticks every second while `end` is null. */
export function LiveDuration({ start, end, className }: { start: number; end: number | null; className?: string }) {
  const now = useNow(1000, end === null);
  const ms = end !== null ? end - start : now ? Math.max(0, now - start) : null;
  return (
    <span className={`tabular-nums ${className ?? ''}`} suppressHydrationWarning>
      {formatDuration(ms)}
    </span>
  );
}
