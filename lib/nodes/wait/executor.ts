import 'server-only';
import type { FlowExecutor } from '../executor';
import { StepError } from '../executor';
import type { WaitConfig } from './definition';
import { waitDueAt } from './due';
import { evaluate, ExpressionError } from '../../expressions';

/**
 * Computes the due time and asks for a durable timer (`{ schedule: { dueAt } }`);
 * the engine then waits for `timer.fired`. Input shown in the inspector:
 * `{ mode, dueAt (ISO-8601) }`.
 * @throws StepError `EXPRESSION` (the until-expression threw) or `BAD_TIMER` (not a time); neither is retryable.
 */
export const executeWait: FlowExecutor<WaitConfig> = async (config, ctx) => {
  const where = `Wait "${ctx.label}" (${ctx.nodeId})`;
  let untilValue: unknown;
  if (config.mode === 'until') {
    try {
      untilValue = await evaluate(config.until, ctx.scope, `${where} until`);
    } catch (err) {
      if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
      throw err;
    }
  }
  const due = waitDueAt(config, ctx.now?.() ?? Date.now(), untilValue);
  if (!due.ok) throw new StepError(`${where}: ${due.error}`, { code: 'BAD_TIMER' });
  ctx.log(`waiting until ${new Date(due.value).toISOString()}`);
  return { schedule: { dueAt: due.value }, input: { mode: config.mode, dueAt: new Date(due.value).toISOString() } };
};
