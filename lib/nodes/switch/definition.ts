import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { DEFAULT_BRANCH_PORT, expressionField, portIdField, uniqueBy } from '../fields';

/** Port id taken when no case matches. */
export const SWITCH_DEFAULT_PORT = DEFAULT_BRANCH_PORT;

/**
 * Switch: a value-based multi-way branch. One JSONata expression is evaluated once;
 * its value is compared with each case in order (`match.ts`), and the first equal
 * case's port is taken, else `default`. Unlike the exclusive gateway (one condition
 * per branch), the cases are plain values, as in a `switch` statement or n8n's Switch.
 * No matching case and no `default` edge → the step fails (`NO_BRANCH`).
 * Output: `{ value, case: <port id> }`.
 */
export const switchConfig = z
  .object({
    value: expressionField({ title: 'Value', description: 'Evaluated once; compared with each case in order', placeholder: '$input.tier' }, { required: true }),
    cases: z
      .array(
        z.object({
          id: portIdField({ title: 'Port id', description: 'Stable id of this output' }),
          label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Label' }),
          equals: z.string().trim().min(1, 'Equals is required').max(2000).meta({ title: 'Equals', description: 'Text, a number, true, false, null, or JSON for objects', placeholder: 'gold' }),
        }),
      )
      .min(1, 'add at least one case')
      .max(30)
      .meta({ title: 'Cases', description: 'Checked in order; the first case equal to the value wins, else the default output' }),
    ignoreCase: z.boolean().default(false).meta({ title: 'Ignore letter case', description: 'Compare text without regard to upper and lower case' }),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.cases, (b) => b.id);
    if (dup) ctx.addIssue({ code: 'custom', path: ['cases'], message: `case id "${dup}" is used twice` });
    if (c.cases.some((b) => b.id === SWITCH_DEFAULT_PORT)) ctx.addIssue({ code: 'custom', path: ['cases'], message: `"${SWITCH_DEFAULT_PORT}" is reserved for the default output` });
  });
export type SwitchConfig = z.infer<typeof switchConfig>;

export const switchNode = defineNodeType({
  type: 'switch',
  label: 'Switch',
  description: 'Routes by value: the first case equal to the value, else the default.',
  keywords: ['case', 'route', 'match', 'branch', 'value'],
  category: 'Flow',
  icon: 'switch',
  accent: '#f97316',
  behavior: 'exclusive',
  inline: true,
  configSchema: switchConfig,
  defaults: (): SwitchConfig => ({
    value: '',
    cases: [
      { id: 'case1', label: 'Case 1', equals: '' },
      { id: 'case2', label: 'Case 2', equals: '' },
    ],
    ignoreCase: false,
  }),
  inputs: () => [IN_PORT],
  outputs: (c) => [...c.cases.map((b) => ({ id: b.id, label: b.label, required: true })), { id: SWITCH_DEFAULT_PORT, label: 'Default' }],
  summary: (c) => `${c.cases.length} case${c.cases.length === 1 ? '' : 's'} + default`,
});
