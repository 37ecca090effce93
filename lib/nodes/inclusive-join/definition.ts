import { z } from 'zod';
import { defineNodeType, OUT_PORT } from '../types';

/**
 * Inclusive join (BPMN 2.0 §10.6.3, converging inclusive gateway): waits for
 * exactly the branches its inclusive gateway started (one, several or all), then
 * continues once. Output: nothing of its own.
 */
export const inclusiveJoin = defineNodeType({
  type: 'inclusiveJoin',
  label: 'Inclusive join',
  description: 'Waits for the branches its inclusive gateway started, then continues once.',
  keywords: ['merge', 'or', 'synchronize', 'wait for branches'],
  category: 'Flow',
  icon: 'merge',
  accent: '#eab308',
  behavior: 'inclusiveJoin',
  configSchema: z.object({}),
  defaults: () => ({}),
  inputs: () => [{ id: 'in', label: 'branches' }],
  outputs: () => [OUT_PORT],
  summary: () => 'wait for started branches',
});
