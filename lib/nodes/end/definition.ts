import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { expressionField } from '../fields';

/**
 * End (BPMN 2.0 none end event): consumes the token. Its optional JSONata output
 * mapping becomes the run output. The run succeeds once no token is left anywhere.
 */
export const endConfig = z.object({
  output: expressionField({ title: 'Run output', description: 'JSONata expression; empty for no output', placeholder: '{ "approved": true }' }).default(''),
});

export const end = defineNodeType({
  type: 'end',
  label: 'End',
  description: 'Finishes this path of the run and sets the run output.',
  category: 'Flow',
  icon: 'stop',
  accent: '#64748b',
  behavior: 'end',
  inline: true,
  configSchema: endConfig,
  defaults: () => ({ output: '' }),
  inputs: () => [IN_PORT],
  outputs: () => [],
  summary: (c) => (c.output ? 'with output' : 'no output'),
});
