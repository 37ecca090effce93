import { describe, expect, it } from 'vitest';
import { completionTarget, sampleContext, suggest, syntaxProblem, templateExpressionBefore, templateProblems, upstreamNodes } from './assist';

describe('syntaxProblem', () => {
  it('is null for valid or empty expressions', () => {
    expect(syntaxProblem('$input.a + 1')).toBeNull();
    expect(syntaxProblem('   ')).toBeNull();
  });
  it('marks the offending token', () => {
    expect(syntaxProblem('foo bar')).toEqual({ from: 4, to: 7, message: 'Syntax error: "bar"' });
    expect(syntaxProblem('$input.a ]')).toMatchObject({ from: 9, to: 10 });
  });
  it('marks a regex literal the linear-time engine cannot run', () => {
    const e = '$contains($input.a, /(?=a)b/i) and true';
    const p = syntaxProblem(e);
    expect(p?.message).toMatch(/uses a lookahead/);
    expect(e.slice(p!.from, p!.to)).toBe('/(?=a)b/i');
    expect(syntaxProblem('$contains($input.a, /^([a-z]+)+$/)')).toBeNull();
  });
  it('marks the last character when the expression ends too early', () => {
    expect(syntaxProblem('$sum(1,2')).toEqual({ from: 7, to: 8, message: 'Expected ")" before end of expression' });
    expect(syntaxProblem('$input.a +')).toMatchObject({ from: 9, to: 10, message: 'Unexpected end of expression' });
  });
});

describe('completionTarget', () => {
  it('reads a root name or a member path before the cursor', () => {
    expect(completionTarget('$inp')).toEqual({ kind: 'root', prefix: '$inp', from: 0 });
    expect(completionTarget('1 + $')).toEqual({ kind: 'root', prefix: '$', from: 4 });
    expect(completionTarget('$steps.check.output.bo')).toEqual({ kind: 'member', path: ['$steps', 'check', 'output'], prefix: 'bo', from: 20 });
    expect(completionTarget('{ "a": $input.')).toEqual({ kind: 'member', path: ['$input'], prefix: '', from: 14 });
  });
  it('offers nothing inside a string or for plain text', () => {
    expect(completionTarget('"$inp')).toBeNull();
    expect(completionTarget('42')).toBeNull();
  });
});

describe('suggest', () => {
  const sample = { input: { company: 'ACME', items: [{ sku: 'a', 'unit price': 2 }] }, steps: { check: { output: { body: { score: 710 } } } }, vars: {}, run: { id: 'r' } };
  it('suggests root names and functions by prefix', () => {
    expect(suggest({ kind: 'root', prefix: '$i', from: 0 }, sample).map((s) => s.label)).toEqual(['$input']);
    expect(suggest({ kind: 'root', prefix: '$su', from: 0 }, sample).map((s) => s.label)).toEqual(['$substring', '$substringBefore', '$substringAfter', '$sum']);
  });
  it('walks objects and arrays of the sample', () => {
    expect(suggest({ kind: 'member', path: ['$steps', 'check', 'output', 'body'], prefix: '', from: 0 }, sample)).toEqual([{ label: 'score', detail: '710', kind: 'property' }]);
    expect(suggest({ kind: 'member', path: ['$input', 'items'], prefix: '', from: 0 }, sample).map((s) => s.label)).toEqual(['sku', '`unit price`']);
    expect(suggest({ kind: 'member', path: ['$nothing'], prefix: '', from: 0 }, sample)).toEqual([]);
  });
});

describe('sampleContext', () => {
  const doc = {
    nodes: [
      { id: 'start', type: 'manualTrigger', label: '', position: { x: 0, y: 0 }, config: { inputFields: [{ name: 'amount', label: 'Amount', type: 'number' }] } },
      { id: 'calc', type: 'transform', label: '', position: { x: 0, y: 0 }, config: { expression: '1', assignTo: 'total' } },
      { id: 'here', type: 'transform', label: '', position: { x: 0, y: 0 }, config: { expression: '' } },
      { id: 'later', type: 'end', label: '', position: { x: 0, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'calc', targetPort: 'in' },
      { id: 'e2', source: 'calc', sourcePort: 'out', target: 'here', targetPort: 'in' },
      { id: 'e3', source: 'here', sourcePort: 'out', target: 'later', targetPort: 'in' },
    ],
  };
  it('lists upstream nodes only, nearest first', () => {
    expect(upstreamNodes(doc, 'here')).toEqual(['calc', 'start']);
  });
  it('merges the last run over declared shapes', () => {
    expect(sampleContext(doc, 'here')).toEqual({ input: { amount: 0 }, steps: { calc: { output: {} }, start: { output: {} } }, vars: { total: null }, run: expect.any(Object) });
    const last = { input: { amount: 5, note: 'x' }, steps: { calc: { output: { sum: 5 } }, later: { output: 1 } }, vars: { total: 5 }, run: { id: 'run_1' } };
    expect(sampleContext(doc, 'here', last)).toEqual({ input: { amount: 5, note: 'x' }, steps: { calc: { output: { sum: 5 } }, start: { output: {} } }, vars: { total: 5 }, run: { id: 'run_1' } });
  });
});

describe('template assistance', () => {
  it('completes only inside {{ }} parts, from the part start', () => {
    expect(templateExpressionBefore('Hello {{ $inp', 13)).toEqual({ before: ' $inp', offset: 8 });
    expect(templateExpressionBefore('Hello {{ $input.name }} and $inp', 32)).toBeNull();
    expect(templateExpressionBefore('no parts', 3)).toBeNull();
    const t = 'Review {{ $steps.check.output.bo';
    const at = templateExpressionBefore(t, t.length)!;
    const target = completionTarget(at.before)!;
    expect(target).toMatchObject({ kind: 'member', path: ['$steps', 'check', 'output'], prefix: 'bo' });
    expect(target.from + at.offset).toBe(t.length - 2);
  });

  it('reports part syntax errors at their place in the template, and an unclosed {{', () => {
    expect(templateProblems('ok {{ $input.a }} fine')).toEqual([]);
    const [p] = templateProblems('x {{ $input.a + }} y');
    expect(p!.from).toBeGreaterThanOrEqual(5);
    expect(p!.to).toBeLessThanOrEqual(17);
    expect(templateProblems('x {{ $input.a')).toEqual([{ from: 2, to: 4, message: 'This {{ is never closed with }}' }]);
  });
});
