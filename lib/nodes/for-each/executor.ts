import 'server-only';
import type { FlowExecutor } from '../executor';
import { StepError } from '../executor';
import type { ForEachConfig } from './definition';
import { checkItems } from './items';
import { evaluate, ExpressionError } from '../../expressions';

/**
 * Evaluates `items` and hands them to the engine (`{ map: { items, workflowId,
 * version?, concurrency } }` → `step.map`), which starts the child runs.
 * @throws StepError `EXPRESSION` (the expression failed), `NOT_AN_ARRAY`, `TOO_MANY_ITEMS`; none is retryable.
 */
export const executeForEach: FlowExecutor<ForEachConfig> = async (config, ctx) => {
  const where = `For each "${ctx.label}" (${ctx.nodeId})`;
  let value: unknown;
  try {
    value = await evaluate(config.items, ctx.scope, `${where} items`);
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
  const checked = checkItems(value);
  if (!checked.ok) throw new StepError(`${where}: ${checked.error}`, { code: checked.code });
  const { items } = checked;
  ctx.log(`${items.length} item${items.length === 1 ? '' : 's'}, ${config.concurrency} at a time`);
  return {
    map: { items, workflowId: config.workflowId, ...(config.version !== undefined ? { version: config.version } : {}), concurrency: config.concurrency },
    input: { count: items.length },
  };
};
