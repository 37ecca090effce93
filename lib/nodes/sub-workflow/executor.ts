import 'server-only';
import type { FlowExecutor } from '../executor';
import { StepError } from '../executor';
import type { SubWorkflowConfig } from './definition';
import { evaluate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/**
 * Evaluates the child input and asks for a child run (`{ child: { workflowId,
 * version?, input } }`); the runner turns it into `step.child` and the engine waits
 * for `child.completed`.
 * @throws StepError `EXPRESSION` when the input expression fails (not retryable).
 */
export const executeSubWorkflow: FlowExecutor<SubWorkflowConfig> = async (config, ctx) => {
  let input: Json;
  try {
    input = config.input.trim() ? ((await evaluate(config.input, ctx.scope, `Sub-workflow "${ctx.label}" (${ctx.nodeId}) input`)) as Json) : null;
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
  return { child: { workflowId: config.workflowId, ...(config.version !== undefined ? { version: config.version } : {}), input }, input };
};
