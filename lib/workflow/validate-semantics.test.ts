/** Validator rules for retry policies, error and compensation edges, inclusive gateways, loops, timers and child runs. */
import { describe, expect, it } from 'vitest';
import { MAX_ITERATIONS_LIMIT, parseDocument, WorkflowDocumentSchema, type WorkflowDocument } from './document';
import { validateWorkflow, type Problem } from './validate';

type N = WorkflowDocument['nodes'][number];
type E = WorkflowDocument['edges'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string): N => ({ id, type, label, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): E => ({ id, source, target, sourcePort, targetPort });
const doc = (nodes: N[], edges: E[]): WorkflowDocument => WorkflowDocumentSchema.parse({ schemaVersion: 1, name: 't', nodes, edges });
const trigger = () => node('start', 'manualTrigger', {}, 'Start');
const http = (id: string, config: Record<string, unknown> = {}) => node(id, 'http', { url: '/api/demo/x', ...config });
const transform = (id: string) => node(id, 'transform', { expression: '$input' });
const end = (id = 'done', config: Record<string, unknown> = {}) => node(id, 'end', config);
const summary = (ps: Problem[]) => ps.map((p) => [p.code, p.nodeId ?? null, p.edgeId ?? null]);
const linear = (mid: N) => doc([trigger(), mid, end()], [edge('e1', 'start', mid.id), edge('e2', mid.id, 'done')]);

describe('retry policy', () => {
  it('accepts a full policy and an absent one', () => {
    expect(validateWorkflow(linear(http('h', { retry: { maxAttempts: 5, initialIntervalMs: 500, backoffFactor: 2, maxIntervalMs: 10_000, jitter: 0.2 } })))).toEqual([]);
    expect(validateWorkflow(linear(http('h', { retry: {} })))).toEqual([]);
    expect(validateWorkflow(linear(http('h')))).toEqual([]);
  });

  it.each([
    [{ maxAttempts: 0 }, ['retry', 'maxAttempts'], 'HTTP request (h): Retry › Max attempts must be at least 1'],
    [{ initialIntervalMs: -5 }, ['retry', 'initialIntervalMs'], 'HTTP request (h): Retry › Initial interval (ms) must not be negative'],
    [{ backoffFactor: 0.5 }, ['retry', 'backoffFactor'], 'HTTP request (h): Retry › Backoff factor must be at least 1'],
    [{ maxIntervalMs: -1 }, ['retry', 'maxIntervalMs'], 'HTTP request (h): Retry › Max interval (ms) must not be negative'],
    [{ jitter: 1.5 }, ['retry', 'jitter'], 'HTTP request (h): Retry › Jitter must be between 0 and 1'],
    [{ initialIntervalMs: 5000, maxIntervalMs: 1000 }, ['retry', 'maxIntervalMs'], 'HTTP request (h): Retry › Max interval (ms) must be at least the initial interval'],
  ])('reports %j clearly', (retry, path, message) => {
    const problems = validateWorkflow(linear(http('h', { retry })));
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([['CONFIG_INVALID', path, message]]);
  });
});

describe('error and compensation edges', () => {
  it('allows an unconnected error port, and an error edge that rejoins', () => {
    expect(validateWorkflow(linear(http('h')))).toEqual([]);
    const d = doc([trigger(), http('h'), transform('fix'), end()], [edge('e1', 'start', 'h'), edge('e2', 'h', 'done'), edge('e3', 'h', 'fix', 'error'), edge('e4', 'fix', 'done')]);
    expect(validateWorkflow(d)).toEqual([]);
  });

  it('does not count an error edge into a join as an extra branch', () => {
    const d = doc(
      [trigger(), node('split', 'parallelSplit'), http('a'), http('b'), node('join', 'parallelJoin'), end()],
      [edge('e1', 'start', 'split'), edge('e2', 'split', 'a'), edge('e3', 'split', 'b'), edge('e4', 'a', 'join'), edge('e5', 'a', 'join', 'error'), edge('e6', 'b', 'join'), edge('e7', 'join', 'done')],
    );
    expect(validateWorkflow(d)).toEqual([]);
  });

  it('treats a compensation handler as reached and not needing its outputs connected', () => {
    const d = doc([trigger(), http('charge'), http('refund'), end()], [edge('e1', 'start', 'charge'), edge('e2', 'charge', 'done'), edge('c1', 'charge', 'refund', 'compensation')]);
    expect(validateWorkflow(d)).toEqual([]);
  });

  it.each<[string, N[], E[], unknown[][], RegExp]>([
    [
      'a handler that is not a task',
      [trigger(), http('charge'), end(), end('undo')],
      [edge('e1', 'start', 'charge'), edge('e2', 'charge', 'done'), edge('c1', 'charge', 'undo', 'compensation')],
      [['COMPENSATION_INVALID', 'charge', 'c1']],
      /its compensation handler End \(undo\) must be a task/,
    ],
    [
      'a handler that is also in the normal flow',
      [trigger(), http('charge'), http('refund'), end()],
      [edge('e1', 'start', 'charge'), edge('e2', 'charge', 'refund'), edge('e3', 'refund', 'done'), edge('c1', 'charge', 'refund', 'compensation')],
      [['COMPENSATION_INVALID', 'refund', 'c1']],
      /is the compensation handler of HTTP request \(charge\) and also part of the normal flow/,
    ],
    [
      'a handler with a handler',
      [trigger(), http('charge'), http('refund'), http('undo2'), end()],
      [edge('e1', 'start', 'charge'), edge('e2', 'charge', 'done'), edge('c1', 'charge', 'refund', 'compensation'), edge('c2', 'refund', 'undo2', 'compensation')],
      [['COMPENSATION_INVALID', 'refund', 'c2']],
      /is a compensation handler and cannot have a compensation handler of its own/,
    ],
    [
      'a compensation edge from a node type without the port',
      [trigger(), node('ask', 'userTask', { title: 'x', outcomes: [{ id: 'ok', label: 'Ok' }] }), transform('undo'), end()],
      [edge('e1', 'start', 'ask'), edge('e2', 'ask', 'done', 'ok'), edge('c1', 'ask', 'undo', 'compensation')],
      // not a compensation edge, so `undo` is an ordinary node whose output is unconnected
      [['UNKNOWN_PORT', 'ask', 'c1'], ['OUTPUT_UNCONNECTED', 'undo', null]],
      /leaves through port "compensation", which the node does not have/,
    ],
  ])('flags %s', (_, nodes, edges, expected, message) => {
    const problems = validateWorkflow(doc(nodes, edges));
    expect(summary(problems)).toEqual(expected);
    expect(problems[0]!.message).toMatch(message);
  });
});

describe('inclusive gateway and join', () => {
  const gw = node('gw', 'inclusiveGateway', { branches: [{ id: 'a', label: 'A', condition: '$input.a' }, { id: 'b', label: 'B', condition: '$input.b' }] });
  const block = (joinType: string, withDefault = true) =>
    doc(
      [trigger(), gw, http('x'), http('y'), ...(withDefault ? [http('z')] : []), node('join', joinType), end()],
      [
        edge('e1', 'start', 'gw'), edge('e2', 'gw', 'x', 'a'), edge('e3', 'gw', 'y', 'b'), ...(withDefault ? [edge('e4', 'gw', 'z', 'default'), edge('e7', 'z', 'join')] : []),
        edge('e5', 'x', 'join'), edge('e6', 'y', 'join'), edge('e8', 'join', 'done'),
      ],
    );

  it('pairs an inclusive gateway (branches and default) with its inclusive join', () => {
    expect(validateWorkflow(block('inclusiveJoin'))).toEqual([]);
    expect(validateWorkflow(block('inclusiveJoin', false))).toEqual([]);
  });

  it('flags a parallel join closing an inclusive gateway', () => {
    const problems = validateWorkflow(block('parallelJoin'));
    expect(summary(problems)).toEqual([['JOIN_KIND_MISMATCH', 'join', null]]);
    expect(problems[0]!.message).toBe(
      'Parallel join (join) joins the branches of Inclusive gateway (gw); use an inclusive join there (a parallel join waits for every branch, an inclusive join for those its gateway started)',
    );
  });

  it('flags an inclusive join no inclusive gateway leads to', () => {
    const problems = validateWorkflow(linear(node('join', 'inclusiveJoin')));
    expect(summary(problems)).toEqual([['JOIN_WITHOUT_SPLIT', 'join', null]]);
    expect(problems[0]!.message).toMatch(/no inclusive gateway leads to this join/);
  });
});

describe('loops', () => {
  it('allows a back edge through a gateway but not an edge to the node itself', () => {
    const loop = doc(
      [trigger(), transform('work'), node('check', 'exclusiveGateway', { branches: [{ id: 'again', label: 'Again', condition: '$vars.n < 3' }] }), end()],
      [edge('e1', 'start', 'work'), edge('e2', 'work', 'check'), edge('e3', 'check', 'work', 'again'), edge('e4', 'check', 'done', 'default')],
    );
    expect(validateWorkflow(loop)).toEqual([]);
    const self = doc([trigger(), transform('work'), end()], [edge('e1', 'start', 'work'), edge('e2', 'work', 'work', 'error'), edge('e3', 'work', 'done')]);
    expect(summary(validateWorkflow(self))).toEqual([['SELF_LOOP', 'work', 'e2']]);
  });

  it('validates settings.maxIterations and runTimeoutMs as part of the document', () => {
    const base = { schemaVersion: 1, name: 't', nodes: [], edges: [] };
    expect(WorkflowDocumentSchema.safeParse({ ...base, settings: { maxIterations: 50, runTimeoutMs: 60_000 } }).success).toBe(true);
    const bad = WorkflowDocumentSchema.safeParse({ ...base, settings: { maxIterations: -1, runTimeoutMs: 10 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['settings.maxIterations', 'Max iterations must be at least 1'],
      ['settings.runTimeoutMs', 'Run timeout must be at least 1000 ms'],
    ]);
  });

  it('bounds settings.maxIterations at 10000; a stored document above it loads clamped', () => {
    const base = { schemaVersion: 1, name: 't', nodes: [], edges: [] };
    expect(WorkflowDocumentSchema.safeParse({ ...base, settings: { maxIterations: MAX_ITERATIONS_LIMIT } }).success).toBe(true);
    const over = parseDocument({ ...base, settings: { maxIterations: 1_000_000 } });
    expect(over.success).toBe(false);
    expect(over.success ? [] : over.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['settings.maxIterations', 'Max iterations must be at most 10000']]);
    const stored = { ...base, settings: { maxIterations: 1_000_000, runTimeoutMs: 60_000 } };
    const loaded = parseDocument(stored, { stored: true });
    expect(loaded.success && loaded.data.settings).toEqual({ maxIterations: 10_000, runTimeoutMs: 60_000 });
    expect(stored.settings.maxIterations).toBe(1_000_000);
    // Other problems of a stored document are still reported.
    expect(parseDocument({ ...base, settings: { maxIterations: 0 } }, { stored: true }).success).toBe(false);
  });
});

describe('timers and child runs', () => {
  const configProblems = (n: N) => validateWorkflow(linear(n)).map((p) => [p.code, p.path, p.message]);
  const userTask = (config: Record<string, unknown>) => node('ask', 'userTask', { title: 'Review', outcomes: [{ id: 'ok', label: 'Ok' }], ...config });

  it.each<[string, N, unknown[][]]>([
    ['a wait with a bad ISO duration', node('w', 'wait', { mode: 'duration', duration: '5 minutes' }), [['CONFIG_INVALID', ['duration'], expect.stringMatching(/^Wait \(w\): Duration: "5 minutes" is not an ISO 8601 duration; use ISO 8601, e\.g\. PT30M/)]]],
    ['a wait until nothing', node('w', 'wait', { mode: 'until', until: '' }), [['CONFIG_INVALID', ['until'], 'Wait (w): Until is required when waiting until a time']]],
    ['negative milliseconds', node('w', 'wait', { mode: 'milliseconds', milliseconds: -1 }), [['CONFIG_INVALID', ['milliseconds'], 'Wait (w): Milliseconds must not be negative']]],
    ['a wait until a broken expression', node('w', 'wait', { mode: 'until', until: '$now(' }), [['EXPRESSION_SYNTAX', ['until'], expect.stringContaining('Wait (w): Until')]]],
    ['a for-each without items or workflow', node('each', 'forEach', { items: '', workflowId: '', concurrency: 0 }), [
      ['CONFIG_INVALID', ['items'], 'For each (each): Items is required'],
      ['CONFIG_INVALID', ['workflowId'], 'For each (each): Workflow is required'],
      ['CONFIG_INVALID', ['concurrency'], 'For each (each): Concurrency must be at least 1'],
    ]],
    ['a sub-workflow with version 0', node('sub', 'subWorkflow', { workflowId: 'wf_1', version: 0 }), [['CONFIG_INVALID', ['version'], 'Sub-workflow (sub): Version must be at least 1']]],
  ])('reports %s', (_, n, expected) => {
    expect(configProblems(n)).toEqual(expected);
  });

  it('adds a required escalate port to a user task with an interrupting due date, and reserves its id', () => {
    const d = doc([trigger(), userTask({ dueIn: 'P2D', escalation: 'interrupting' }), end()], [edge('e1', 'start', 'ask'), edge('e2', 'ask', 'done', 'ok')]);
    expect(summary(validateWorkflow(d))).toEqual([['OUTPUT_UNCONNECTED', 'ask', null]]);
    const withEdge = doc([trigger(), userTask({ dueIn: 'P2D', escalation: 'nonInterrupting' }), end(), end('late')], [edge('e1', 'start', 'ask'), edge('e2', 'ask', 'done', 'ok'), edge('e3', 'ask', 'late', 'remind')]);
    expect(validateWorkflow(withEdge)).toEqual([]);
    expect(configProblems(userTask({ escalation: 'interrupting', outcomes: [{ id: 'escalate', label: 'Up' }] })).slice(0, 2)).toEqual([
      ['CONFIG_INVALID', ['dueIn'], 'User task (ask): Due in (or a due expression) is required when overdue tasks escalate or remind'],
      ['CONFIG_INVALID', ['outcomes'], 'User task (ask): Outcomes: outcome id "escalate" is reserved for the due-date timer'],
    ]);
    expect(configProblems(userTask({ dueIn: 'two days', escalation: 'nonInterrupting' }))[0]).toEqual([
      'CONFIG_INVALID',
      ['dueIn'],
      expect.stringMatching(/^User task \(ask\): Due in: "two days" is not an ISO 8601 duration/),
    ]);
  });
});
