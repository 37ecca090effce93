import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField } from '../fields';
import { isoDurationProblem } from '../../util/iso-duration';

/** How a wait node gives its due time. */
export const WAIT_MODES = ['duration', 'milliseconds', 'until'] as const;

/** Longest wait given in milliseconds: 366 days. */
export const MAX_WAIT_MS = 366 * 86_400_000;

/**
 * Wait (BPMN 2.0 §10.5.1 intermediate timer event): the step waits on a durable
 * timer (a row, not a promise: it survives restarts), then leaves through `out`
 * with output `{ firedAt }` (ISO-8601). The due time is, by `mode`:
 * - `duration`: an ISO 8601 duration after the step starts (`PT30M`, `P2D`);
 * - `milliseconds`: a number of ms after the step starts;
 * - `until`: a JSONata expression giving an ISO-8601 date-time or epoch ms; an
 *   expression that throws, or gives anything else, fails the step clearly
 *   (port `error` when drawn). A time in the past fires at once.
 */
export const waitConfig = z
  .object({
    mode: z.enum(WAIT_MODES).default('duration').meta({ title: 'Wait for', description: 'duration: ISO 8601; milliseconds; until: a time from an expression' }),
    duration: z.string().trim().max(100).default('PT1M').meta({ title: 'Duration', description: 'ISO 8601 duration, e.g. PT30M, P1DT12H', placeholder: 'PT5M' }),
    milliseconds: z
      .number()
      .int('Milliseconds must be a whole number')
      .min(0, 'Milliseconds must not be negative')
      .max(MAX_WAIT_MS, `Milliseconds must be at most ${MAX_WAIT_MS} (366 days)`)
      .default(60_000)
      .meta({ title: 'Milliseconds' }),
    until: expressionField({ title: 'Until', description: 'JSONata giving an ISO-8601 date-time or epoch ms', placeholder: '$input.remindAt' }).default(''),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'duration') {
      const problem = isoDurationProblem(c.duration);
      if (problem) ctx.addIssue({ code: 'custom', path: ['duration'], message: `Duration: ${problem}` });
    }
    if (c.mode === 'until' && !c.until.trim()) ctx.addIssue({ code: 'custom', path: ['until'], message: 'Until is required when waiting until a time' });
  });
export type WaitConfig = z.infer<typeof waitConfig>;

export const wait = defineNodeType({
  type: 'wait',
  label: 'Wait',
  description: 'Waits for a duration or until a time (a durable timer).',
  keywords: ['delay', 'timer', 'sleep', 'pause', 'until', 'schedule'],
  category: 'Flow',
  icon: 'clock',
  accent: '#14b8a6',
  behavior: 'task',
  inline: true,
  configSchema: waitConfig,
  defaults: (): WaitConfig => ({ mode: 'duration', duration: 'PT1M', milliseconds: 60_000, until: '' }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => (c.mode === 'duration' ? `wait ${c.duration}` : c.mode === 'milliseconds' ? `wait ${c.milliseconds} ms` : 'wait until a time'),
});
