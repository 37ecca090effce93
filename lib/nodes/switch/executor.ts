import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import { SWITCH_DEFAULT_PORT, type SwitchConfig } from './definition';
import { caseMatches } from './match';
import { evaluate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/**
 * Evaluates the value once and takes the first case equal to it (`match.ts`), else
 * `default`. Output `{ value, case }`. The engine fails the step (`NO_BRANCH`) when
 * the chosen port has no edge. Errors: `EXPRESSION`.
 */
export const executeSwitch: Executor<SwitchConfig> = async (config, ctx) => {
  let value: Json;
  try {
    value = (await evaluate(config.value, ctx.scope, `Switch "${ctx.label}" (${ctx.nodeId}) value`)) as Json;
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
  const hit = config.cases.find((c) => caseMatches(value, c.equals, config.ignoreCase));
  const port = hit ? hit.id : SWITCH_DEFAULT_PORT;
  return { output: { value, case: port }, port, input: { value } };
};
