/** What compile() reads for the new semantics: retry, error and compensation edges, compensate ends, settings. */
import { describe, expect, it } from 'vitest';
import { compile } from './compile';
import { fixture } from '../engine/__tests__/fixtures';
import { WorkflowDefinitionError } from '../engine/errors';

describe('compile', () => {
  it('reads a retry policy, filling defaults, and marks error edges', () => {
    const def = compile(fixture('retry-error-edge'));
    expect(def.nodes.fetch).toEqual({
      id: 'fetch', type: 'http', typeLabel: 'HTTP request', label: 'Fetch score', behavior: 'task', hasErrorEdge: true,
      retry: { maxAttempts: 3, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10_000, jitter: 0 },
    });
    const partial = fixture('retry');
    (partial.nodes[1]!.config as { retry: unknown }).retry = { maxAttempts: 5 };
    expect(compile(partial).nodes.fetch!.retry).toEqual({ maxAttempts: 5, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 60_000, jitter: 0.2 });
    expect(compile(fixture('linear')).nodes.fetch).toEqual({ id: 'fetch', type: 'http', typeLabel: 'HTTP request', label: 'Credit check', behavior: 'task' });
  });

  it('links tasks to their compensation handlers and marks the handlers', () => {
    const def = compile(fixture('saga'));
    expect(def.nodes.charge).toMatchObject({ compensation: 'refund', compensationEdgeId: 'c2' });
    expect(def.nodes.refund).toMatchObject({ compensationHandler: true });
    expect(def.nodes.ship!.compensation).toBeUndefined();
    expect(compile(fixture('saga-compensate-end')).nodes.abort).toMatchObject({ compensateEnd: true });
  });

  it('refuses a compensation handler that is not a task', () => {
    const doc = fixture('saga');
    doc.edges.find((e) => e.id === 'c2')!.target = 'done';
    expect(() => compile(doc)).toThrow(new WorkflowDefinitionError('The compensation handler of "Charge card" (charge) must be a task (HTTP request, transform, …); "End" (done) is not', 'INVALID_CONFIG', 'done'));
  });

  it('reads settings', () => {
    const doc = fixture('loop');
    doc.settings = { maxIterations: 10, runTimeoutMs: 5000 };
    expect(compile(doc)).toMatchObject({ maxIterations: 10, runTimeoutMs: 5000 });
  });
});
