import { z } from 'zod';
import { COMPENSATION_PORT, defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField, retryPolicyField } from '../fields';

/**
 * Transform: evaluates a JSONata mapping over the run context; the result is the
 * step output. With `assignTo` set, the result is also stored as `$vars.<assignTo>`.
 * Ports: `out`, `error` (the expression failed), `compensation` (to an undo handler).
 */
export const transformConfig = z.object({
  expression: expressionField(
    { title: 'Mapping', description: 'JSONata expression over $input, $steps, $vars', placeholder: '{ "fullName": $input.first & " " & $input.last }' },
    { required: true },
  ),
  assignTo: z
    .string()
    .trim()
    .max(64)
    .regex(/^([A-Za-z_][A-Za-z0-9_]*)?$/, 'letters, digits and _ only')
    .default('')
    .meta({ title: 'Store as variable', description: 'Optional: also keep the result in $vars under this name' }),
  retry: retryPolicyField(),
});

export const transform = defineNodeType({
  type: 'transform',
  label: 'Transform',
  description: 'Maps data with a JSONata expression.',
  keywords: ['map', 'jsonata', 'set', 'data', 'reshape', 'format', 'expression'],
  category: 'Actions',
  icon: 'code',
  accent: '#0ea5e9',
  behavior: 'task',
  inline: true,
  configSchema: transformConfig,
  defaults: () => ({ expression: '', assignTo: '' }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT, COMPENSATION_PORT],
  summary: (c) => (c.assignTo ? `→ $vars.${c.assignTo}` : 'JSONata mapping'),
});
