'use client';
/**
 * The `cron` widget: the cron expression input, and under it the next five fire
 * times in the chosen time zone (read from the sibling `timezone` field), or nothing
 * when the expression or zone is invalid (the form shows that error).
 */
import { useMemo } from 'react';
import { cronError, formatInZone, nextFireTimes } from '@/lib/nodes/schedule-trigger/cron';
import type { ControlProps } from './controls';
import { TextControl } from './controls';

export function CronControl(props: ControlProps<string> & { timezone: unknown }) {
  const pattern = typeof props.value === 'string' ? props.value : '';
  const tz = typeof props.timezone === 'string' && props.timezone.trim() ? props.timezone.trim() : 'UTC';
  const times = useMemo(() => {
    const now = Date.now();
    if (cronError(pattern, tz, now)) return null;
    return nextFireTimes(pattern, tz, now, 5);
  }, [pattern, tz]);
  return (
    <div>
      <TextControl {...props} />
      {times && times.length > 0 && (
        <div className="mt-2 rounded-md bg-slate-50 px-2.5 py-2 ring-1 ring-slate-100 ring-inset" data-testid="next-fire-times">
          <p className="mb-1 text-[11px] font-medium text-slate-500">Next runs ({tz})</p>
          <ol className="space-y-0.5 font-mono text-[11.5px] text-slate-700 tabular-nums">
            {times.map((t) => (
              <li key={t}>{formatInZone(t, tz)}</li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
