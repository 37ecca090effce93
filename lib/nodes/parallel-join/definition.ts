import { z } from 'zod';
import { defineNodeType, OUT_PORT } from '../types';

/**
 * Parallel join (BPMN 2.0 parallel gateway, converging): waits until every branch
 * started by its matching parallel split has arrived, then continues once. Output:
 * nothing of its own; branch results are read with `$steps.<nodeId>.output`.
 */
export const parallelJoin = defineNodeType({
  type: 'parallelJoin',
  label: 'Parallel join',
  description: 'Waits for every branch of its split, then continues once.',
  keywords: ['merge', 'and', 'synchronize', 'wait for all', 'barrier'],
  category: 'Flow',
  icon: 'merge',
  accent: '#8b5cf6',
  behavior: 'parallelJoin',
  configSchema: z.object({}),
  defaults: () => ({}),
  inputs: () => [{ id: 'in', label: 'branches' }],
  outputs: () => [OUT_PORT],
  summary: () => 'wait for all',
});
