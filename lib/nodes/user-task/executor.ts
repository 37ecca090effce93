import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { UserTaskConfig } from './definition';
import { evaluate, renderTemplate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';
import { addIsoDuration, parseIsoDuration } from '../../util/iso-duration';

/**
 * Renders the task (title, instructions, context) and parks the step; the inbox row
 * is written with the transition. With an escalation and `dueIn`, the result
 * carries the due time (now + dueIn, epoch ms) for the engine's due-date timer.
 */
export const executeUserTask: Executor<UserTaskConfig> = async (config, ctx) => {
  const where = (f: string) => `User task "${ctx.label}" (${ctx.nodeId}) ${f}`;
  try {
    const title = (await renderTemplate(config.title, ctx.scope, where('title'))).slice(0, 300) || ctx.label;
    const description = await renderTemplate(config.description, ctx.scope, where('instructions'));
    const context = config.context.trim() ? ((await evaluate(config.context, ctx.scope, where('context'))) as Json) : null;
    const due = dueOf(config, ctx.now?.() ?? Date.now(), where('due in'));
    return {
      ...(due ? { due } : {}),
      park: {
        title,
        description,
        assignee: config.assignee,
        form: config.formFields as unknown as Json,
        outcomes: config.outcomes as unknown as Json,
        context,
      },
    };
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: 'EXPRESSION' });
    throw err;
  }
};

function dueOf(config: UserTaskConfig, now: number, where: string): { at: number; escalation: 'interrupting' | 'nonInterrupting' } | undefined {
  if (config.escalation === 'none' || !config.dueIn) return undefined;
  const parsed = parseIsoDuration(config.dueIn);
  const added = parsed.ok ? addIsoDuration(now, parsed.value) : parsed;
  if (!added.ok) throw new StepError(`${where}: ${added.error}`, { code: 'BAD_DURATION' });
  return { at: added.value, escalation: config.escalation };
}
