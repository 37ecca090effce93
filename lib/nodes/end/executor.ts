import 'server-only';
import { z } from 'zod';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { endConfig } from './definition';
import { evaluate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/** Evaluates the output mapping (empty: null); the engine makes it the run output. */
export const executeEnd: Executor<z.infer<typeof endConfig>> = async (config, ctx) => {
  if (!config.output.trim()) return { output: null };
  try {
    return { output: (await evaluate(config.output, ctx.scope, `End "${ctx.label}" (${ctx.nodeId}) output`)) as Json };
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode });
    throw err;
  }
};
