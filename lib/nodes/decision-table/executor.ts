import 'server-only';
import type { Executor } from '../executor';
import { StepError } from '../executor';
import type { DecisionTableConfig } from './definition';
import { matchingRules } from './evaluate';
import { UnaryTestSyntaxError } from './unary-tests';
import { evaluate, ExpressionError } from '../../expressions';
import type { Json } from '../../engine/types';

/**
 * Evaluates each input expression once, finds the matching rules (`evaluate.ts`), and
 * evaluates the output entries of the rules the hit policy selects. Output
 * `{ result, matched }`: for FIRST and UNIQUE `result` is `{ <output name>: value }` or
 * `null` when no rule matched; for COLLECT a list of such objects (empty when none).
 * `matched` lists the 1-based numbers of the rules used. Empty output entries give
 * `null`. The attempt's input (inspector) is `{ inputs: [{ label, value }] }`. Errors: `EXPRESSION` (an expression failed), `UNIQUE_VIOLATION` (several
 * rules matched under UNIQUE), `RULE_SYNTAX` (a cell does not parse).
 */
export const executeDecisionTable: Executor<DecisionTableConfig> = async (config, ctx) => {
  const { table, hitPolicy } = config;
  const name = `Decision table "${ctx.label}" (${ctx.nodeId})`;
  const values: Json[] = [];
  const inputs: { label: string; value: Json }[] = [];
  try {
    for (const col of table.inputs) {
      const v = (await evaluate(col.expression, ctx.scope, `${name} input "${col.label}"`)) as Json;
      values.push(v);
      inputs.push({ label: col.label, value: v });
    }
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode, input: { inputs } });
    throw err;
  }

  let matched: number[];
  try {
    matched = matchingRules(table.rules, values, hitPolicy);
  } catch (err) {
    if (err instanceof UnaryTestSyntaxError) throw new StepError(`${name}: a rule's input entry does not parse: ${err.message}`, { code: 'RULE_SYNTAX', input: { inputs } });
    throw err;
  }
  if (hitPolicy === 'UNIQUE' && matched.length > 1) {
    const numbers = matched.map((i) => i + 1);
    throw new StepError(`${name}: rules ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)} all matched; the UNIQUE hit policy allows at most one`, {
      code: 'UNIQUE_VIOLATION',
      input: { inputs },
      details: { matched: numbers },
    });
  }

  const results: Record<string, Json>[] = [];
  for (const i of matched) {
    const r = table.rules[i]!;
    const row: Record<string, Json> = {};
    for (let k = 0; k < table.outputs.length; k++) {
      const out = table.outputs[k]!;
      const expr = (r.then[k] ?? '').trim();
      try {
        row[out.name] = expr === '' ? null : ((await evaluate(expr, ctx.scope, `${name} rule ${i + 1} output "${out.name}"`)) as Json);
      } catch (err) {
        if (err instanceof ExpressionError) throw new StepError(err.message, { code: err.stepCode, input: { inputs } });
        throw err;
      }
    }
    results.push(row);
  }
  const result: Json = hitPolicy === 'COLLECT' ? results : (results[0] ?? null);
  return { output: { result, matched: matched.map((i) => i + 1) }, input: { inputs } };
};
