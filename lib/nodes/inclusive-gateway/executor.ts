import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import { DEFAULT_PORT, type InclusiveGatewayConfig } from './definition';
import { evaluate, ExpressionError } from '../../expressions';

/**
 * Evaluates every branch condition (JSONata truthiness via `$boolean`) and returns
 * the ports of those that hold as `ports` (none → `['default']`); the engine sends a
 * token down each and forks for the inclusive join. Output `{ branches, evaluated }`.
 * The runner passes `ports` on to `step.completed`.
 */
export const executeInclusiveGateway: Executor<InclusiveGatewayConfig> = async (config, ctx) => {
  const evaluated: { id: string; result: boolean }[] = [];
  for (const b of config.branches) {
    let v: unknown;
    try {
      v = await evaluate(`$boolean(${b.condition})`, ctx.scope, `Inclusive gateway "${ctx.label}" (${ctx.nodeId}) branch "${b.label}"`);
    } catch (err) {
      if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode, input: { evaluated } });
      throw err;
    }
    evaluated.push({ id: b.id, result: v === true });
  }
  const taken = evaluated.filter((e) => e.result).map((e) => e.id);
  const ports = taken.length ? taken : [DEFAULT_PORT];
  return { output: { branches: ports, evaluated }, port: ports[0], ports };
};
