import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { expressionField, portIdField, uniqueBy } from '../fields';

/** Port id of the branch taken when no condition holds. */
export const DEFAULT_PORT = 'default';

/**
 * Exclusive gateway (BPMN 2.0 §10.6.2): evaluates its branches' JSONata conditions
 * in order and takes the first that is truthy, else the `default` port. When no
 * condition holds and no edge leaves `default`, the step fails naming the gateway.
 * Output: `{ branch: <port id> }`.
 */
export const exclusiveGatewayConfig = z
  .object({
    branches: z
      .array(
        z.object({
          id: portIdField({ title: 'Port id', description: 'Stable id of this branch' }),
          label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Label' }),
          condition: expressionField({ title: 'Condition', placeholder: '$steps.check.output.body.score > 600' }, { required: true }),
        }),
      )
      .min(1, 'add at least one branch')
      .max(20)
      .meta({ title: 'Branches', description: 'Checked in order; the first condition that holds wins' }),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.branches, (b) => b.id);
    if (dup) ctx.addIssue({ code: 'custom', path: ['branches'], message: `branch id "${dup}" is used twice` });
    if (c.branches.some((b) => b.id === DEFAULT_PORT))
      ctx.addIssue({ code: 'custom', path: ['branches'], message: `"${DEFAULT_PORT}" is reserved for the default branch` });
  });

export const exclusiveGateway = defineNodeType({
  type: 'exclusiveGateway',
  label: 'Exclusive gateway',
  description: 'Takes the first branch whose condition holds, else the default branch.',
  category: 'Flow',
  icon: 'split',
  accent: '#f59e0b',
  behavior: 'exclusive',
  inline: true,
  configSchema: exclusiveGatewayConfig,
  defaults: () => ({ branches: [{ id: 'yes', label: 'Yes', condition: '' }] }),
  inputs: () => [IN_PORT],
  outputs: (c) => [
    ...c.branches.map((b) => ({ id: b.id, label: b.label, required: true })),
    { id: DEFAULT_PORT, label: 'Default' },
  ],
  summary: (c) => `${c.branches.length} branch${c.branches.length === 1 ? '' : 'es'} + default`,
});
