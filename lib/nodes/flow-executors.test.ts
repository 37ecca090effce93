/** Executors of the flow node types (wait, inclusive gateway, sub-workflow, for-each) and the user task due date. */
import { describe, expect, it } from 'vitest';
import type { ExecutorContext } from './executor';
import { StepError } from './executor';
import { executeWait } from './wait/executor';
import { waitDueAt } from './wait/due';
import { executeForEach } from './for-each/executor';
import { checkItems } from './for-each/items';
import { executeInclusiveGateway } from './inclusive-gateway/executor';
import { executeSubWorkflow } from './sub-workflow/executor';
import { executeUserTask } from './user-task/executor';
import { userTask } from './user-task/definition';

const NOW = Date.UTC(2025, 5, 1, 9, 0, 0);

function ctx(input: unknown = {}, label = 'Node'): ExecutorContext {
  return {
    runId: 'r1', stepId: 'n#1', nodeId: 'n', label, attempt: 1, idempotencyKey: 'r1:n#1',
    signal: new AbortController().signal,
    scope: { input, steps: {}, vars: {}, run: { id: 'r1', workflowId: 'wf', version: 1, startedAt: new Date(NOW).toISOString() } },
    baseUrl: 'http://127.0.0.1', log: () => {}, now: () => NOW,
  };
}

async function stepError(p: Promise<unknown>): Promise<StepError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StepError) return err;
    throw err;
  }
  throw new Error('expected a StepError');
}

describe('wait', () => {
  const base = { mode: 'duration' as const, duration: 'PT5M', milliseconds: 0, until: '' };

  it.each([
    ['an ISO duration', base, undefined, NOW + 300_000],
    ['milliseconds', { ...base, mode: 'milliseconds' as const, milliseconds: 1500 }, undefined, NOW + 1500],
    ['until an ISO date-time', { ...base, mode: 'until' as const, until: '$input.at' }, '2025-06-02T09:00:00Z', Date.UTC(2025, 5, 2, 9)],
    ['until epoch ms', { ...base, mode: 'until' as const, until: '$input.at' }, NOW + 42, NOW + 42],
  ])('asks for a timer after %s', async (_, config, at, dueAt) => {
    const r = await executeWait(config, ctx({ at }, 'Pause'));
    expect(r).toEqual({ schedule: { dueAt }, input: { mode: config.mode, dueAt: new Date(dueAt).toISOString() } });
  });

  it.each([
    ['a date without a zone', '2025-06-02', /"2025-06-02" is not an ISO-8601 date-time with a time zone/],
    ['an object', { a: 1 }, /the expression gave an object, not a time/],
    ['nothing', null, /the expression gave nothing, not a time/],
  ])('fails clearly (BAD_TIMER, not retryable) when until gives %s', async (_, at, message) => {
    const err = await stepError(executeWait({ ...base, mode: 'until', until: '$input.at' }, ctx({ at }, 'Pause')));
    expect(err.opts).toMatchObject({ code: 'BAD_TIMER' });
    expect(err.opts.retryable).toBeUndefined();
    expect(err.message).toMatch(/^Wait "Pause" \(n\): /);
    expect(err.message).toMatch(message);
  });

  it('fails clearly when the until-expression throws', async () => {
    const err = await stepError(executeWait({ ...base, mode: 'until', until: '$error("no date")' }, ctx({}, 'Pause')));
    expect(err.opts.code).toBe('EXPRESSION');
    expect(err.message).toMatch(/^Wait "Pause" \(n\) until: no date/);
  });

  it('computes calendar durations in UTC', () => {
    expect(waitDueAt({ ...base, duration: 'P1M' }, Date.UTC(2025, 0, 31))).toEqual({ ok: true, value: Date.UTC(2025, 1, 28) });
  });
});

describe('inclusive gateway', () => {
  const config = { branches: [{ id: 'a', label: 'A', condition: '$input.a' }, { id: 'b', label: 'B', condition: '$input.b' }, { id: 'c', label: 'C', condition: '$input.c' }] };

  it.each([
    [{ a: true, c: true }, ['a', 'c']],
    [{ b: 1 }, ['b']],
    [{}, ['default']],
  ])('returns every port whose condition holds (%j)', async (input, ports) => {
    const r = await executeInclusiveGateway(config, ctx(input));
    expect(r).toMatchObject({ port: ports[0], ports, output: { branches: ports } });
  });
});

describe('sub-workflow', () => {
  it('asks for a child run with the evaluated input', async () => {
    const r = await executeSubWorkflow({ workflowId: 'wf_child', version: 3, input: '{ "id": $input.id }' }, ctx({ id: 9 }));
    expect(r).toEqual({ child: { workflowId: 'wf_child', version: 3, input: { id: 9 } }, input: { id: 9 } });
  });
});

describe('for-each', () => {
  const config = { items: '$input.orders', workflowId: 'wf_body', concurrency: 2 };

  it('hands the items to the engine', async () => {
    const r = await executeForEach(config, ctx({ orders: [{ id: 1 }, { id: 2 }] }));
    expect(r).toEqual({ map: { items: [{ id: 1 }, { id: 2 }], workflowId: 'wf_body', concurrency: 2 }, input: { count: 2 } });
  });

  it.each([
    [{ orders: { id: 1 } }, 'items must be an array, but the expression gave an object'],
    [{ orders: 'abc' }, 'items must be an array, but the expression gave a string'],
    [{}, 'items must be an array, but the expression gave nothing'],
  ])('fails clearly on a non-array (%j)', async (input, message) => {
    const err = await stepError(executeForEach(config, ctx(input, 'Each order')));
    expect(err.opts).toMatchObject({ code: 'NOT_AN_ARRAY' });
    expect(err.message).toBe(`For each "Each order" (n): ${message}`);
  });

  it('refuses more items than the limit', () => {
    expect(checkItems(Array.from({ length: 10_001 }, () => 0))).toMatchObject({ ok: false, code: 'TOO_MANY_ITEMS' });
  });
});

describe('user task due date', () => {
  const config = { ...userTask.defaults(), dueIn: 'PT4H', escalation: 'interrupting' as const };

  it('parks with a due time when escalation is on', async () => {
    const r = await executeUserTask(config, ctx());
    expect(r).toMatchObject({ due: { at: NOW + 4 * 3_600_000, escalation: 'interrupting' }, park: { title: 'Review' } });
  });

  it('parks without one otherwise', async () => {
    const r = await executeUserTask({ ...config, escalation: 'none' }, ctx());
    expect('due' in r).toBe(false);
  });
});
