import { defineNodeType, IN_PORT } from '../types';
import { DEFAULT_BRANCH_PORT, gatewayBranchesSchema } from '../fields';

/** Port id of the branch taken when no condition holds. */
export const DEFAULT_PORT = DEFAULT_BRANCH_PORT;

/**
 * Exclusive gateway (BPMN 2.0 §10.6.2): evaluates its branches' JSONata conditions
 * in order and takes the first that is truthy, else the `default` port. When no
 * condition holds and no edge leaves `default`, the step fails naming the gateway.
 * Output: `{ branch: <port id> }`.
 */
export const exclusiveGatewayConfig = gatewayBranchesSchema('Checked in order; the first condition that holds wins', '$steps.check.output.body.score > 600');

export const exclusiveGateway = defineNodeType({
  type: 'exclusiveGateway',
  label: 'Exclusive gateway',
  description: 'Takes the first branch whose condition holds, else the default branch.',
  keywords: ['if', 'else', 'condition', 'branch', 'decision', 'xor', 'choice'],
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
