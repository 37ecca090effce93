import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema } from '@/lib/workflow/document';
import { validateWorkflow } from '@/lib/workflow/validate';
import { renameNodeId } from './rename';
import { doc, edge, node } from './test-helpers';

const sample = () =>
  doc(
    [
      node('start', 'manualTrigger', { inputFields: [] }, 'Start'),
      node('check', 'http', { method: 'GET', url: 'https://x/{{ $input.id }}', headers: [], body: '' }, 'Check'),
      node('decide', 'exclusiveGateway', { branches: [{ id: 'ok', label: 'OK', condition: '$steps.check.output.status = 200 and "$steps.check" != ""' }] }, 'Decide'),
      node('review', 'userTask', { title: 'Review {{ $steps.check.output.body.name }}', outcomes: [{ id: 'done', label: 'Done' }] }, 'Review'),
      node('calc', 'code', { code: 'return { s: $steps.check.output.status, t: "$steps.check" };' }, 'Calc'),
      node('end', 'end', { output: '$steps.check.output' }),
    ],
    [edge('e1', 'start', 'check'), edge('e2', 'check', 'decide'), edge('e3', 'decide', 'review', 'ok'), edge('e4', 'decide', 'calc', 'default'), edge('e5', 'review', 'end', 'done'), edge('e6', 'calc', 'end')],
  );

describe('renameNodeId', () => {
  it('renames the node and rewrites edges, expressions, templates and code (not string literals)', () => {
    const r = renameNodeId(sample(), 'check', 'credit_check');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.doc;
    expect(d.nodes.map((n) => n.id)).toEqual(['start', 'credit_check', 'decide', 'review', 'calc', 'end']);
    expect(d.edges.filter((e) => e.source === 'credit_check' || e.target === 'credit_check').map((e) => e.id)).toEqual(['e1', 'e2']);
    const cfg = (id: string) => d.nodes.find((n) => n.id === id)!.config as Record<string, unknown>;
    expect((cfg('decide').branches as { condition: string }[])[0]!.condition).toBe('$steps.credit_check.output.status = 200 and "$steps.check" != ""');
    expect(cfg('review').title).toBe('Review {{ $steps.credit_check.output.body.name }}');
    expect(cfg('calc').code).toBe('return { s: $steps.credit_check.output.status, t: "$steps.check" };');
    expect(cfg('end').output).toBe('$steps.credit_check.output');
    expect(WorkflowDocumentSchema.safeParse(d).success).toBe(true);
    expect(validateWorkflow(d)).toEqual(validateWorkflow(sample()));
  });

  it('refuses a collision, an invalid id and an unknown node, with a clear message', () => {
    expect(renameNodeId(sample(), 'check', 'decide')).toEqual({ ok: false, error: 'Another node already has the id "decide".' });
    for (const bad of ['', '1abc', 'has space', 'dash-ed', 'x'.repeat(65)]) {
      const r = renameNodeId(sample(), 'check', bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(renameNodeId(sample(), 'nope', 'x')).toMatchObject({ ok: false, error: expect.stringContaining('nope') });
  });

  it('renaming to the same id changes nothing', () => {
    const d = sample();
    expect(renameNodeId(d, 'check', 'check')).toEqual({ ok: true, doc: d });
  });
});
