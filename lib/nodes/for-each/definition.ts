import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField } from '../fields';
import { workflowIdField, workflowVersionField } from '../workflow-ref';

/** Most items one for-each step may run (more fails the step, `TOO_MANY_ITEMS`). */
export const MAX_FOR_EACH_ITEMS = 10_000;

/**
 * For-each (map; BPMN 2.0 §10.3.6 multi-instance activity, Step Functions Map):
 * evaluates `items` (must give an array) and runs the body workflow once per item,
 * as child runs with the item as input, at most `concurrency` at once. Output
 * `{ results: [...] }`, each child's output in item order. Items that are not an
 * array, or any child that does not succeed, fail the step (port `error` when
 * drawn, else the run fails); the other children are then cancelled.
 */
export const forEachConfig = z.object({
  items: expressionField({ title: 'Items', description: 'JSONata giving an array; one run of the body workflow per item', placeholder: '$input.orders' }, { required: true }),
  workflowId: workflowIdField(),
  version: workflowVersionField(),
  concurrency: z
    .number()
    .int('Concurrency must be a whole number')
    .min(1, 'Concurrency must be at least 1')
    .max(100, 'Concurrency must be at most 100')
    .default(4)
    .meta({ title: 'Concurrency', description: 'Most items running at once' }),
});
export type ForEachConfig = z.infer<typeof forEachConfig>;

export const forEach = defineNodeType({
  type: 'forEach',
  label: 'For each',
  description: 'Runs a workflow once per item of an array, a few at a time, and collects the results in order.',
  keywords: ['loop', 'map', 'iterate', 'each', 'batch', 'items', 'array'],
  category: 'Flow',
  icon: 'repeat',
  accent: '#6366f1',
  behavior: 'task',
  inline: true,
  configSchema: forEachConfig,
  defaults: (): ForEachConfig => ({ items: '', workflowId: '', concurrency: 4 }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => `${c.workflowId || '(no workflow)'} × items, ${c.concurrency} at a time`,
});
