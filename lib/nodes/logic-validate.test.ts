/** The workflow validator on the logic nodes: cell errors, output-entry syntax, ports derived from config. */
import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema, type WorkflowDocument } from '../workflow/document';
import { validateWorkflow } from '../workflow/validate';
import { getNodeType } from './registry';

type N = WorkflowDocument['nodes'][number];
const node = (id: string, type: string, config: Record<string, unknown>, label = id): N => ({ id, type, label, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, target, sourcePort, targetPort: 'in' });
const doc = (nodes: N[], edges: ReturnType<typeof edge>[]) => WorkflowDocumentSchema.parse({ schemaVersion: 1, name: 't', nodes, edges });

const table = (rules: { when: string[]; then: string[] }[]) => ({
  hitPolicy: 'FIRST',
  table: {
    inputs: [{ label: 'Amount', expression: '$input.amount' }, { label: 'Tier', expression: '$input.tier' }],
    outputs: [{ name: 'approval' }],
    rules: rules.map((r) => ({ ...r, note: '' })),
  },
});

describe('decision table validation', () => {
  it('a table with valid cells has no problem', () => {
    const d = doc([node('start', 'manualTrigger', {}), node('dt', 'decisionTable', table([{ when: ['< 100', '-'], then: ['"auto"'] }, { when: ['[100..1000]', '"gold","platinum"'], then: ['"auto"'] }])), node('done', 'end', {})], [edge('e1', 'start', 'dt'), edge('e2', 'dt', 'done')]);
    expect(validateWorkflow(d)).toEqual([]);
  });

  it('reports a bad input cell, a bad output entry and a rule of the wrong width, each at its path', () => {
    const d = doc(
      [node('start', 'manualTrigger', {}), node('dt', 'decisionTable', table([{ when: ['< 100', 'gold'], then: ['"auto"'] }, { when: ['-', '-'], then: ['"a" &'] }, { when: ['-'], then: ['1'] }]), 'Approval rules'), node('done', 'end', {})],
      [edge('e1', 'start', 'dt'), edge('e2', 'dt', 'done')],
    );
    const problems = validateWorkflow(d).map((p) => ({ code: p.code, path: p.path, message: p.message }));
    expect(problems).toContainEqual({
      code: 'CONFIG_INVALID',
      path: ['table', 'rules', 0, 'when', 1],
      message: 'Decision table "Approval rules" (dt): Table › Rule #1 › Input #2: "Tier": text must be in double quotes: write "gold" (at position 1)',
    });
    expect(problems).toContainEqual({ code: 'CONFIG_INVALID', path: ['table', 'rules', 2, 'when'], message: 'Decision table "Approval rules" (dt): Table › Rule #3 › Input: has 1 input entries; the table has 2 inputs' });
    expect(problems.find((p) => p.code === 'EXPRESSION_SYNTAX')).toMatchObject({ path: ['table', 'rules', 1, 'then', 0] });
  });
});

describe('ports derived from config', () => {
  it('switch: one required port per case plus an optional default; duplicate ids are refused', () => {
    const sw = getNodeType('switch')!;
    const config = sw.configSchema.parse({ value: '$input.tier', cases: [{ id: 'gold', label: 'Gold', equals: 'gold' }, { id: 'silver', label: 'Silver', equals: 'silver' }] });
    expect(sw.outputs(config)).toEqual([
      { id: 'gold', label: 'Gold', required: true },
      { id: 'silver', label: 'Silver', required: true },
      { id: 'default', label: 'Default' },
    ]);
    expect(sw.configSchema.safeParse({ value: '1', cases: [{ id: 'a', label: 'A', equals: '1' }, { id: 'a', label: 'B', equals: '2' }] }).success).toBe(false);
    const d = doc([node('start', 'manualTrigger', {}), node('sw', 'switch', config), node('g', 'end', {})], [edge('e1', 'start', 'sw'), edge('e2', 'sw', 'g', 'gold')]);
    expect(validateWorkflow(d).map((p) => [p.code, p.message])).toEqual([['OUTPUT_UNCONNECTED', 'Switch "sw" (sw): output "Silver" (silver) is not connected']]);
  });

  it('classify text: ports follow routeBy', () => {
    const ct = getNodeType('classifyText')!;
    const ids = (c: unknown) => ct.outputs(ct.configSchema.parse(c)).map((p: { id: string }) => p.id);
    const labels = [{ id: 'refund', keywords: 'refund' }, { id: 'shipping', keywords: 'delivery' }];
    expect(ids({ text: '$input.m', routeBy: 'none' })).toEqual(['out', 'error']);
    expect(ids({ text: '$input.m', routeBy: 'sentiment' })).toEqual(['positive', 'neutral', 'negative', 'error']);
    expect(ids({ text: '$input.m', routeBy: 'label', labels })).toEqual(['refund', 'shipping', 'other', 'error']);
    expect(ct.configSchema.safeParse({ text: '$input.m', routeBy: 'label', labels: [] }).success).toBe(false);
    expect(ct.configSchema.safeParse({ text: '$input.m', labels: [{ id: 'other', keywords: 'x' }] }).success).toBe(false);
  });

  it('code: empty code is refused; limits are bounded', () => {
    const c = getNodeType('code')!;
    expect(c.configSchema.safeParse({ code: '  \n ' }).success).toBe(false);
    expect(c.configSchema.safeParse({ code: 'return 1', timeoutMs: 60_000 }).success).toBe(false);
    expect(c.configSchema.safeParse({ code: 'return 1', memoryMb: 0 }).success).toBe(false);
    expect(c.configSchema.parse({ code: '\n\nreturn 1' })).toEqual({ code: '\n\nreturn 1', timeoutMs: 1000, memoryMb: 32 });
  });
});
