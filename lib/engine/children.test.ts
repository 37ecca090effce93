/** Child runs: the sub-workflow node and the for-each (map) node. */
import { describe, expect, it } from 'vitest';
import { Driver, drive } from './__tests__/drive';
import { fixture } from './__tests__/fixtures';

describe('sub-workflow', () => {
  const started = () => drive(fixture('sub-workflow'), { sub: { child: { workflowId: 'wf_child', input: { id: 7 }, version: 2 } } });

  it('starts the child run and waits for it', () => {
    const d = started();
    expect(d.state.status).toBe('waiting');
    expect(d.state.live['sub#1']).toMatchObject({ status: 'waiting', childRunId: 'r1.sub#1' });
    expect(d.effects.at(-1)).toEqual({ type: 'startChild', stepId: 'sub#1', nodeId: 'sub', childRunId: 'r1.sub#1', workflowId: 'wf_child', version: 2, input: { id: 7 } });
    expect(d.log.at(-1)).toMatchObject({ type: 'child.started', childRunId: 'r1.sub#1', workflowId: 'wf_child', version: 2, index: null, input: { id: 7 } });
  });

  it('takes the child output as its own when the child succeeds', () => {
    const d = started();
    d.finishChild('r1.sub#1', 'succeeded', { total: 42 });
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.succeeded').find((r) => r.stepId === 'sub#1')).toMatchObject({ output: { total: 42 }, port: 'out', input: { id: 7 } });
    expect(d.activated.at(-1)).toBe('done#1');
  });

  it.each([
    ['failed', 'Sub-workflow "Run child" (sub): child run r1.sub#1 failed: card declined'],
    ['cancelled', 'Sub-workflow "Run child" (sub): child run r1.sub#1 was cancelled: card declined'],
    ['compensated', 'Sub-workflow "Run child" (sub): child run r1.sub#1 was compensated: card declined'],
  ] as const)('takes the error port when the child %s', (status, message) => {
    const d = started();
    d.finishChild('r1.sub#1', status, null, { message: 'card declined', code: 'HTTP_402' });
    expect(d.of('step.failed')).toMatchObject([{ stepId: 'sub#1', handled: true, error: { code: 'CHILD_FAILED', message } }]);
    expect(d.activated.slice(-2)).toEqual(['recover#1', 'done_error#1']);
    expect(d.state.status).toBe('succeeded');
  });

  it('fails the run naming the node when no error edge is drawn', () => {
    const doc = fixture('sub-workflow');
    doc.edges = doc.edges.filter((e) => e.sourcePort !== 'error');
    const d = drive(doc, { sub: { child: { workflowId: 'wf_child', input: null } } });
    d.finishChild('r1.sub#1', 'failed', null, { message: 'boom' });
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toMatchObject({ code: 'CHILD_FAILED', nodeId: 'sub', stepId: 'sub#1' });
  });

  it('ignores a result for another child and a duplicate result', () => {
    const d = started();
    expect(d.finishChild('r1.other', 'succeeded').log).toEqual([]);
    d.finishChild('r1.sub#1', 'succeeded', 1);
    expect(d.send({ type: 'child.completed', stepId: 'sub#1', childRunId: 'r1.sub#1', status: 'failed', output: null, error: null, at: d.now() }).log).toEqual([]);
  });

  it('cancels the child when the parent is cancelled', () => {
    const d = started();
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'stop', at: d.now() });
    expect(t.effects).toEqual([{ type: 'cancelChild', childRunId: 'r1.sub#1' }]);
  });
});

describe('for-each', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const started = () => drive(fixture('for-each'), { each: { map: { items, concurrency: 2 } } }, { orders: items });
  const ids = items.map((_, i) => `r1.each#1.${i}`);

  it('starts at most `concurrency` children, with deterministic ids and { item, index } as input', () => {
    const d = started();
    expect(d.state.status).toBe('waiting');
    expect([...d.children.keys()]).toEqual(ids.slice(0, 2));
    expect(d.children.get(ids[1]!)).toEqual({ type: 'startChild', stepId: 'each#1', nodeId: 'each', childRunId: ids[1], workflowId: 'wf_body', input: { item: 'b', index: 1 }, index: 1 });
    expect(d.of('map.started')).toMatchObject([{ stepId: 'each#1', total: 5, concurrency: 2 }]);
  });

  it('starts the next item as each finishes and collects results in item order', () => {
    const d = started();
    const running: number[] = [];
    const finish = (i: number) => {
      d.finishChild(ids[i]!, 'succeeded', `out-${i}`);
      running.push(d.children.size);
    };
    finish(1);
    expect([...d.children.keys()]).toEqual([ids[0], ids[2]]);
    finish(2);
    finish(0);
    finish(4);
    finish(3);
    expect(Math.max(...running)).toBeLessThanOrEqual(2);
    expect(d.of('child.started').map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.succeeded').find((r) => r.stepId === 'each#1')!.output).toEqual({ results: ['out-0', 'out-1', 'out-2', 'out-3', 'out-4'] });
  });

  it('succeeds at once with no items', () => {
    const d = drive(fixture('for-each'), { each: { map: { items: [], concurrency: 3 } } });
    expect(d.state.status).toBe('succeeded');
    expect(d.of('step.succeeded').find((r) => r.stepId === 'each#1')!.output).toEqual({ results: [] });
  });

  it('fails when a child fails, cancelling the children still running', () => {
    const d = started();
    d.finishChild(ids[0]!, 'succeeded', 1);
    d.finishChild(ids[2]!, 'failed', null, { message: 'bad order' });
    expect(d.cancelledChildren).toEqual([ids[1]]);
    expect(d.of('child.started').map((r) => r.index)).toEqual([0, 1, 2]);
    expect(d.state.status).toBe('failed');
    expect(d.state.error).toEqual({
      code: 'CHILD_FAILED',
      message: 'For-each "Each order" (each): item 3 of 5 (child run r1.each#1.2) failed: bad order',
      nodeId: 'each',
      stepId: 'each#1',
    });
  });

  it('fails clearly when the items are not an array', () => {
    const d = new Driver(fixture('for-each')).start();
    d.send({ type: 'step.map', stepId: 'each#1', attempt: 1, items: { a: 1 } as never, workflowId: 'wf_body', concurrency: 2, startedAt: 0, at: d.now() });
    expect(d.state.error).toMatchObject({ code: 'NOT_AN_ARRAY', message: 'For-each "Each order" (each): the items are object, not an array', nodeId: 'each' });
  });

  it('cancels running children when the run is cancelled', () => {
    const d = started();
    const t = d.send({ type: 'run.cancel', by: 'ann', reason: 'stop', at: d.now() });
    expect(t.effects).toEqual([
      { type: 'cancelChild', childRunId: ids[0] },
      { type: 'cancelChild', childRunId: ids[1] },
    ]);
  });
});
