import { z } from 'zod';
import { defineNodeType, ERROR_PORT, IN_PORT, OUT_PORT } from '../types';
import { expressionField, identifierField, uniqueBy } from '../fields';
import { checkUnaryTest } from './unary-tests';

/**
 * Hit policies (DMN 1.3, §8.2.8): which matching rules give the result.
 * - `FIRST`: the first matching rule, in table order.
 * - `UNIQUE`: at most one rule may match; several matching is an error naming them.
 * - `COLLECT`: every matching rule, in table order (a list).
 */
export const HIT_POLICIES = ['FIRST', 'UNIQUE', 'COLLECT'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

export const MAX_INPUTS = 20;
export const MAX_OUTPUTS = 20;
export const MAX_RULES = 500;

const inputColumn = z.object({
  label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Label' }),
  expression: expressionField({ title: 'Expression', placeholder: '$input.amount' }, { required: true }),
});

const outputColumn = z.object({
  name: identifierField({ title: 'Name', description: 'Key of this value in the result' }),
});

const rule = z.object({
  when: z.array(z.string().max(2000).meta({ title: 'Input' })).max(MAX_INPUTS).meta({ title: 'Input' }),
  then: z.array(z.string().max(20_000).meta({ title: 'Output', widget: 'expression' })).max(MAX_OUTPUTS).meta({ title: 'Output' }),
  note: z.string().max(500).default('').meta({ title: 'Note' }),
});

/**
 * The table: input columns (a label and a JSONata expression each), output columns (a
 * name each) and rules (one unary test per input, one JSONata expression per output,
 * and a note). `widget: 'decisionTable'` makes the designer edit it as a table.
 */
export const decisionTableSchema = z
  .object({
    inputs: z.array(inputColumn).min(1, 'add at least one input').max(MAX_INPUTS).meta({ title: 'Inputs' }),
    outputs: z.array(outputColumn).min(1, 'add at least one output').max(MAX_OUTPUTS).meta({ title: 'Outputs' }),
    rules: z.array(rule).max(MAX_RULES).meta({ title: 'Rule' }),
  })
  .superRefine((t, ctx) => {
    const dup = uniqueBy(t.outputs, (o) => o.name);
    if (dup) ctx.addIssue({ code: 'custom', path: ['outputs'], message: `output name "${dup}" is used twice` });
    t.rules.forEach((r, i) => {
      if (r.when.length !== t.inputs.length)
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'when'], message: `has ${r.when.length} input entries; the table has ${t.inputs.length} inputs` });
      if (r.then.length !== t.outputs.length)
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'then'], message: `has ${r.then.length} output entries; the table has ${t.outputs.length} outputs` });
      r.when.forEach((cell, j) => {
        const err = checkUnaryTest(cell);
        const column = t.inputs[j]?.label;
        if (err) ctx.addIssue({ code: 'custom', path: ['rules', i, 'when', j], message: `${column ? `"${column}": ` : ''}${err.message}` });
      });
    });
  })
  .meta({ title: 'Table', widget: 'decisionTable' });

/**
 * Decision table (DMN 1.3 decision tables, §8): evaluates its input expressions once,
 * tests every rule's input entries (unary tests, see `unary-tests.ts`) against them,
 * and returns the output entries of the matching rule(s) per the hit policy.
 * Output: `{ result, matched }` (see docs/nodes/decisionTable.md). Ports: `out`, `error`.
 */
export const decisionTableConfig = z.object({
  hitPolicy: z.enum(HIT_POLICIES).default('FIRST').meta({
    title: 'Hit policy',
    description: 'FIRST: the first matching rule. UNIQUE: at most one rule may match. COLLECT: every matching rule, as a list.',
  }),
  table: decisionTableSchema,
});
export type DecisionTableConfig = z.infer<typeof decisionTableConfig>;
export type DecisionTable = DecisionTableConfig['table'];

export const decisionTable = defineNodeType({
  type: 'decisionTable',
  label: 'Decision table',
  description: 'Picks an outcome with DMN-style rules.',
  keywords: ['rules', 'dmn', 'business rules', 'lookup', 'policy'],
  category: 'Flow',
  icon: 'table',
  accent: '#14b8a6',
  behavior: 'task',
  inline: true,
  configSchema: decisionTableConfig,
  defaults: () => ({
    hitPolicy: 'FIRST' as const,
    table: {
      inputs: [{ label: 'Amount', expression: '$input.amount' }],
      outputs: [{ name: 'approval' }],
      rules: [
        { when: ['< 1000'], then: ['"automatic"'], note: 'Small amounts' },
        { when: ['>= 1000'], then: ['"manager"'], note: '' },
      ],
    },
  }),
  inputs: () => [IN_PORT],
  outputs: () => [OUT_PORT, ERROR_PORT],
  summary: (c) => `${c.hitPolicy} · ${c.table.rules.length} rule${c.table.rules.length === 1 ? '' : 's'}`,
});
