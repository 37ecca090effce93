/** Retry policy: backoff with jitter and Retry-After, retryable vs fatal errors, exhaustion → error edge or run failure. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';
import { compile } from '../workflow/compile';
import { WorkflowDefinitionError } from './errors';
import { retryDelay } from './retry';
import type { EngineError, RetryPolicy } from './types';

const transient = (message = 'HTTP 503 Service Unavailable', extra: Partial<EngineError> = {}): { fail: EngineError } => ({
  fail: { message, code: 'HTTP_503', retryable: true, ...extra },
});

describe('retryDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 10, initialIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 10_000, jitter: 0 };

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000], // capped by maxIntervalMs
    [9, 10_000],
  ])('after attempt %i waits %i ms (initial × factor^(n−1), capped)', (attempt, ms) => {
    expect(retryDelay(policy, attempt)).toBe(ms);
  });

  it.each([
    [0, 500], // −50 %
    [0.5, 1000], // no jitter
    [0.75, 1250],
    [0.9999999, 1500], // +50 %, rounded
    [Number.NaN, 1000], // not a draw: no jitter
    [1, 1000], // out of range: no jitter
  ])('spreads by ±jitter with random = %d', (random, ms) => {
    expect(retryDelay({ ...policy, jitter: 0.5 }, 1, random)).toBe(ms);
  });

  it('never goes below zero and waits at least Retry-After', () => {
    expect(retryDelay({ ...policy, jitter: 1 }, 1, 0)).toBe(0);
    expect(retryDelay(policy, 1, 0.5, 30_000)).toBe(30_000);
    expect(retryDelay(policy, 3, 0.5, 500)).toBe(4000);
  });
});

describe('retry then success', () => {
  const d = drive(fixture('retry'), { fetch: (_n, attempt) => (attempt < 3 ? transient() : { output: { score: 700 } }) });

  it('retries the same step with backoff and succeeds on the third attempt', () => {
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'done#1']);
    expect(d.of('step.failed')).toEqual([]);
    expect(d.of('step.retrying').map((r) => [r.stepId, r.attempt, r.nextAttempt, r.maxAttempts, r.delayMs, r.dueAt - r.at])).toEqual([
      ['fetch#1', 1, 2, 3, 1000, 1000],
      ['fetch#1', 2, 3, 3, 2000, 2000],
    ]);
    expect(d.of('step.retrying')[0]!.error).toEqual({ message: 'HTTP 503 Service Unavailable', code: 'HTTP_503', retryable: true, nodeId: 'fetch', stepId: 'fetch#1' });
    expect(d.of('step.succeeded').find((r) => r.stepId === 'fetch#1')).toMatchObject({ attempt: 3, output: { score: 700 } });
  });

  it('asks for each next attempt as a delayed execute effect', () => {
    const retries = d.of('step.retrying');
    expect(d.executes.filter((e) => e.stepId === 'fetch#1')).toEqual([
      { type: 'execute', stepId: 'fetch#1', nodeId: 'fetch', attempt: 1 },
      { type: 'execute', stepId: 'fetch#1', nodeId: 'fetch', attempt: 2, dueAt: retries[0]!.dueAt },
      { type: 'execute', stepId: 'fetch#1', nodeId: 'fetch', attempt: 3, dueAt: retries[1]!.dueAt },
    ]);
  });

  it('keeps the step running between attempts and ignores a stale result of an earlier attempt', () => {
    const live = new Driver(fixture('retry')).start();
    live.send({ type: 'step.failed', stepId: 'fetch#1', attempt: 1, error: { message: 'boom', retryable: true }, startedAt: 0, at: live.now() });
    expect(live.state.live['fetch#1']).toMatchObject({ status: 'running', attempt: 2 });
    expect(live.state.status).toBe('running');
    const stale = live.send({ type: 'step.completed', stepId: 'fetch#1', attempt: 1, output: 1, startedAt: 0, at: live.now() });
    expect(stale.log).toEqual([]);
  });
});

describe('retries exhausted', () => {
  it('fails the run naming the node after the last attempt, when no error edge is drawn', () => {
    const d = drive(fixture('retry'), { fetch: transient('HTTP 503 from GET /api/demo/credit-check') });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({ message: 'HTTP 503 from GET /api/demo/credit-check', code: 'HTTP_503', retryable: true, nodeId: 'fetch', stepId: 'fetch#1' });
    expect(d.of('step.retrying')).toHaveLength(2);
    expect(d.of('step.failed')).toMatchObject([{ stepId: 'fetch#1', attempt: 3 }]);
    expect(d.of('step.failed')[0]!.handled).toBeUndefined();
    expect(d.types.slice(-2)).toEqual(['step.failed', 'run.failed']);
  });

  it('takes the error edge: the step fails handled, the error is the token output, the run goes on', () => {
    const d = drive(fixture('retry-error-edge'), { fetch: transient(), fallback: { output: { score: 0 } } });
    expect(d.state.status).toBe('succeeded');
    expect(d.activated).toEqual(['start#1', 'fetch#1', 'fallback#1', 'done_fallback#1']);
    const failed = d.of('step.failed');
    expect(failed).toMatchObject([{ stepId: 'fetch#1', attempt: 3, handled: true, error: { code: 'HTTP_503', nodeId: 'fetch', stepId: 'fetch#1' } }]);
    expect(d.of('edge.taken').find((r) => r.fromStepId === 'fetch#1')).toMatchObject({ edgeId: 'e3' });
    expect(d.state.error).toBeNull();
  });
});

describe('which errors retry', () => {
  it('does not retry an error that is not retryable (HTTP 404)', () => {
    const d = drive(fixture('retry'), { fetch: { fail: { message: 'HTTP 404 Not Found', code: 'HTTP_404', retryable: false } } });
    expect(d.of('step.retrying')).toEqual([]);
    expect(d.state.error).toMatchObject({ code: 'HTTP_404', nodeId: 'fetch' });
    expect(d.executes.filter((e) => e.stepId === 'fetch#1')).toHaveLength(1);
  });

  it('does not retry a node without a retry policy, even for retryable errors', () => {
    const d = drive(fixture('linear'), { fetch: transient() });
    expect(d.of('step.retrying')).toEqual([]);
    expect(d.state.status).toBe('failed');
  });

  it('honours Retry-After (HTTP 429) when it asks for longer than the backoff', () => {
    const d = drive(fixture('retry'), {
      fetch: (_n, attempt) => (attempt === 1 ? transient('HTTP 429 Too Many Requests', { code: 'HTTP_429', retryAfterMs: 30_000 }) : { output: 'ok' }),
    });
    expect(d.of('step.retrying').map((r) => [r.delayMs, r.error.retryAfterMs])).toEqual([[30_000, 30_000]]);
    expect(d.state.status).toBe('succeeded');
  });

  it('applies the runner’s random draw as jitter', () => {
    const doc = fixture('retry');
    (doc.nodes[1]!.config as { retry: Record<string, number> }).retry.jitter = 0.5;
    const d = drive(doc, { fetch: (_n, attempt) => (attempt === 1 ? { ...transient(), random: 0 } : { output: 'ok' }) });
    expect(d.of('step.retrying').map((r) => r.delayMs)).toEqual([500]);
  });
});

describe('an invalid retry policy', () => {
  it.each([
    [{ maxAttempts: -1 }, 'Max attempts must be at least 1'],
    [{ initialIntervalMs: -100 }, 'Initial interval (ms) must not be negative'],
    [{ backoffFactor: 0 }, 'Backoff factor must be at least 1'],
    [{ jitter: 2 }, 'Jitter must be between 0 and 1'],
    ['fast', 'Invalid input: expected object, received string'],
  ])('%j is refused by compile() naming the node', (retry, message) => {
    const doc = fixture('retry');
    (doc.nodes[1]!.config as { retry: unknown }).retry = retry;
    let error: unknown;
    try {
      compile(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as WorkflowDefinitionError).code).toBe('INVALID_CONFIG');
    expect((error as WorkflowDefinitionError).nodeId).toBe('fetch');
    expect((error as Error).message).toBe(`Node "Fetch score" (fetch) has an invalid retry policy: ${message}`);
  });
});
