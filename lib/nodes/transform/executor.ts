import 'server-only';
import { z } from 'zod';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { transformConfig } from './definition';
import { evaluate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/** Evaluates the mapping; output = its result; with `assignTo`, also `$vars[assignTo]`. */
export const executeTransform: Executor<z.infer<typeof transformConfig>> = async (config, ctx) => {
  try {
    const output = (await evaluate(config.expression, ctx.scope, `Transform "${ctx.label}" (${ctx.nodeId}) mapping`)) as Json;
    return { output, vars: config.assignTo ? { [config.assignTo]: output } : undefined };
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
};
