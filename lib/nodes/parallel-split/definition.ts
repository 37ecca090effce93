import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';

/**
 * Parallel split (BPMN 2.0 parallel gateway, diverging): sends one token down every
 * edge leaving its `out` port at once; the branches run concurrently. Pair it with a
 * parallel join. No executor; no output.
 */
export const parallelSplit = defineNodeType({
  type: 'parallelSplit',
  label: 'Parallel split',
  description: 'Starts every outgoing branch at once.',
  keywords: ['fork', 'and', 'concurrent', 'branches', 'at the same time'],
  category: 'Flow',
  icon: 'fork',
  accent: '#8b5cf6',
  behavior: 'parallelSplit',
  configSchema: z.object({}),
  defaults: () => ({}),
  inputs: () => [IN_PORT],
  outputs: () => [{ id: 'out', label: 'branches', required: true }],
  summary: () => 'all branches',
});
