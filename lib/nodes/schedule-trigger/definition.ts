import { z } from 'zod';
import { defineNodeType, OUT_PORT } from '../types';
import { cronError, timeZoneError } from './cron';

/**
 * What the scheduler does with fire times that passed while no Baton process was
 * running (or the schedule was otherwise late by more than the grace period):
 * - `fireOnce`: start one run for the whole missed window, at once (Quartz's
 *   "fire now" misfire instruction); its input says how many fires it stands for.
 * - `skip`: start nothing for the missed window; wait for the next fire time.
 */
export const MISSED_FIRE_POLICIES = ['fireOnce', 'skip'] as const;
export type MissedFirePolicy = (typeof MISSED_FIRE_POLICIES)[number];

/**
 * Schedule trigger: starts a run of the latest published version at every fire
 * time of a cron expression, in a time zone. Publishing registers the schedule;
 * the server's scheduler fires it (see `server/triggers/scheduler.ts`).
 * Output (= run input): `{ scheduledAt, firedAt, missedFires }` — ISO-8601 times of the
 * fire time this run stands for and of the actual start, and how many earlier
 * fire times were missed and folded into this run (0 when on time).
 */
export const scheduleTriggerConfig = z
  .object({
    cron: z
      .string()
      .trim()
      .min(1, 'Cron expression is required, e.g. "0 9 * * 1-5" (09:00 on weekdays)')
      .max(200)
      .meta({
        title: 'Cron expression',
        description: 'minute hour day-of-month month day-of-week, optionally with a leading seconds field',
        placeholder: '0 9 * * 1-5',
        widget: 'cron',
      }),
    timezone: z
      .string()
      .trim()
      .max(100)
      .default('UTC')
      .meta({ title: 'Time zone', description: 'IANA name, e.g. Europe/Berlin; fire times follow its daylight saving changes', placeholder: 'UTC' }),
    missedFires: z
      .enum(MISSED_FIRE_POLICIES)
      .default('fireOnce')
      .meta({
        title: 'Missed fire times',
        description: 'fireOnce: after downtime, start one run for all missed fire times. skip: start nothing for them.',
      }),
  })
  .superRefine((c, ctx) => {
    const zone = timeZoneError(c.timezone);
    if (zone) {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: zone });
      return;
    }
    if (!c.cron) return; // the min(1) issue already says it
    const bad = cronError(c.cron, c.timezone);
    if (bad) ctx.addIssue({ code: 'custom', path: ['cron'], message: bad });
  });
export type ScheduleTriggerConfig = z.infer<typeof scheduleTriggerConfig>;

export const scheduleTrigger = defineNodeType({
  type: 'scheduleTrigger',
  label: 'Schedule trigger',
  description: 'Starts a run on a cron schedule, in a time zone.',
  keywords: ['cron', 'timer', 'every', 'daily', 'hourly', 'interval', 'start'],
  category: 'Triggers',
  icon: 'calendar',
  accent: '#10b981',
  behavior: 'trigger',
  configSchema: scheduleTriggerConfig,
  defaults: () => ({ cron: '0 9 * * 1-5', timezone: 'UTC', missedFires: 'fireOnce' as const }),
  inputs: () => [],
  outputs: () => [OUT_PORT],
  summary: (c) => (c.cron ? `${c.cron} (${c.timezone || 'UTC'})` : 'no schedule yet'),
});
