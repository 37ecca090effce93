import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { expressionField } from '../fields';

/**
 * End (BPMN 2.0 none end event): consumes the token. Its optional JSONata output
 * mapping becomes the run output. The run succeeds once no token is left anywhere.
 * With `compensate` (BPMN compensation end event), reaching it cancels what still
 * runs, runs the compensation handlers of the completed steps in reverse completion
 * order, and ends the run as `compensated`.
 */
export const endConfig = z.object({
  output: expressionField({ title: 'Run output', description: 'JSONata expression; empty for no output', placeholder: '{ "approved": true }' }).default(''),
  compensate: z
    .boolean()
    .default(false)
    .meta({ title: 'Compensate', description: 'Undo the completed steps (their compensation handlers run, latest first) and end the run as compensated' }),
});

export const end = defineNodeType({
  type: 'end',
  label: 'End',
  description: 'Finishes this path of the run and sets the run output.',
  keywords: ['finish', 'stop', 'complete', 'result', 'output', 'terminate'],
  category: 'Flow',
  icon: 'stop',
  accent: '#64748b',
  behavior: 'end',
  inline: true,
  configSchema: endConfig,
  defaults: () => ({ output: '', compensate: false }),
  inputs: () => [IN_PORT],
  outputs: () => [],
  summary: (c) => (c.compensate ? 'compensate' : c.output ? 'with output' : 'no output'),
});
