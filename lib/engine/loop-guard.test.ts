/** Back edges are allowed; `settings.maxIterations` fails a loop that does not end, naming the node. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import { canRetry } from './resume';
import { compile } from '../workflow/compile';

const forever = { check: { port: 'again' } };

describe('max iterations', () => {
  it('fails the run with MAX_ITERATIONS naming the node when the limit is reached', () => {
    const doc = fixture('loop');
    doc.settings = { maxIterations: 3 };
    const d = drive(doc, forever);
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({
      code: 'MAX_ITERATIONS',
      message: '"Work" (work) would run more than 3 times in this run (settings.maxIterations = 3); the loop does not end: check its exit condition, or raise the limit',
      nodeId: 'work',
      stepId: 'work#3',
    });
    expect(d.state.activations).toEqual({ start: 1, work: 3, check: 3 });
    expect(d.types.slice(-2)).toEqual(['edge.taken', 'run.failed']);
    expect(canRetry(d.def, d.state)).toMatchObject({ ok: false });
  });

  it('allows exactly maxIterations activations', () => {
    const doc = fixture('loop');
    doc.settings = { maxIterations: 3 };
    const d = drive(doc, { check: (n) => ({ port: n < 3 ? 'again' : 'default' }) });
    expect(d.state.status).toBe('succeeded');
    expect(d.state.activations.work).toBe(3);
  });

  it('defaults to 1000', () => {
    const d = new Driver(fixture('loop'), forever).start().runUntilQuiescent(5000);
    expect(compile(fixture('loop')).maxIterations).toBeUndefined();
    expect(d.state.error).toMatchObject({ code: 'MAX_ITERATIONS', nodeId: 'work', stepId: 'work#1000' });
    expect(d.state.activations.work).toBe(1000);
  });
});
