import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { DEFAULT_BRANCH_PORT, gatewayBranchesSchema } from '../fields';

/** Port id of the branch taken when no condition holds. */
export const DEFAULT_PORT = DEFAULT_BRANCH_PORT;

/**
 * Inclusive gateway (BPMN 2.0 §10.6.3, diverging): evaluates every branch's JSONata
 * condition and starts every branch whose condition holds, at once; none holds →
 * the `default` branch (no default edge → the step fails naming the gateway). Pair
 * it with an inclusive join, which waits for exactly the branches started.
 * Output: `{ branches: [<port id>…], evaluated: [{ id, result }] }`.
 */
export const inclusiveGatewayConfig = gatewayBranchesSchema('Every branch whose condition holds is started', '$input.amount > 1000');
export type InclusiveGatewayConfig = z.infer<typeof inclusiveGatewayConfig>;

export const inclusiveGateway = defineNodeType({
  type: 'inclusiveGateway',
  label: 'Inclusive gateway',
  description: 'Starts every branch whose condition holds (else the default); pair with an inclusive join.',
  keywords: ['or', 'condition', 'branches', 'multiple', 'fork'],
  category: 'Flow',
  icon: 'split',
  accent: '#eab308',
  behavior: 'inclusive',
  inline: true,
  configSchema: inclusiveGatewayConfig,
  defaults: (): InclusiveGatewayConfig => ({ branches: [{ id: 'a', label: 'A', condition: '' }, { id: 'b', label: 'B', condition: '' }] }),
  inputs: () => [IN_PORT],
  outputs: (c) => [...c.branches.map((b) => ({ id: b.id, label: b.label, required: true })), { id: DEFAULT_PORT, label: 'Default' }],
  summary: (c) => `any of ${c.branches.length} branch${c.branches.length === 1 ? '' : 'es'}`,
});
