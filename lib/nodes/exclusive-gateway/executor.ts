import 'server-only';
import { z } from 'zod';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import { DEFAULT_PORT, type exclusiveGatewayConfig } from './definition';
import { evaluate, ExpressionError } from '../../expressions';

/**
 * Evaluates branch conditions in order (JSONata truthiness via `$boolean`) and picks
 * the first that holds, else `default`. The engine fails the step when the chosen
 * port has no edge. Output `{ branch, evaluated: [{ id, result }] }`.
 */
export const executeExclusiveGateway: Executor<z.infer<typeof exclusiveGatewayConfig>> = async (config, ctx) => {
  const evaluated: { id: string; result: boolean }[] = [];
  for (const b of config.branches) {
    let v: unknown;
    try {
      v = await evaluate(`$boolean(${b.condition})`, ctx.scope, `Exclusive gateway "${ctx.label}" (${ctx.nodeId}) branch "${b.label}"`);
    } catch (err) {
      if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode, input: { evaluated } });
      throw err;
    }
    evaluated.push({ id: b.id, result: v === true });
    if (v === true) return { output: { branch: b.id, evaluated }, port: b.id };
  }
  return { output: { branch: DEFAULT_PORT, evaluated }, port: DEFAULT_PORT };
};
