import { describe, expect, it } from 'vitest';
import { WorkflowDocumentSchema, type WorkflowDocument } from './document';
import orderApproval from './__fixtures__/order-approval.json';
import renamedOutcome from './__fixtures__/renamed-outcome.json';
import { NODE_TYPES } from '../nodes/registry';
import { FIXTURE_NAMES, fixture as engineFixture } from '../engine/__tests__/fixtures';
import {
  expressionFieldsOf,
  hasBlockingProblems,
  PROBLEM_CODES,
  templateParts,
  validateWorkflow,
  type Problem,
} from './validate';

type N = WorkflowDocument['nodes'][number];
type E = WorkflowDocument['edges'][number];
const node = (id: string, type: string, config: Record<string, unknown> = {}, label?: string): N => ({ id, type, label, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): E => ({ id, source, target, sourcePort, targetPort });
const doc = (nodes: N[], edges: E[]): WorkflowDocument => WorkflowDocumentSchema.parse({ schemaVersion: 1, name: 't', nodes, edges });

const trigger = () => node('start', 'manualTrigger', {}, 'Start');
const transform = (id: string, expression = '$input', label?: string) => node(id, 'transform', { expression }, label);
const end = (id = 'done') => node(id, 'end');
const http = (id: string, config: Record<string, unknown> = {}, label?: string) => node(id, 'http', { url: '/api/demo/x', ...config }, label);
const gateway = (id: string, branches: Array<[string, string]>, label?: string) =>
  node(id, 'exclusiveGateway', { branches: branches.map(([b, condition]) => ({ id: b, label: b, condition })) }, label);
const userTask = (id: string, outcomes: string[], label?: string) => node(id, 'userTask', { title: 'Review', outcomes: outcomes.map((o) => ({ id: o, label: o[0]!.toUpperCase() + o.slice(1) })) }, label);

/** [code, nodeId, edgeId] of each problem, for compact assertions. */
const summary = (ps: Problem[]) => ps.map((p) => [p.code, p.nodeId ?? null, p.edgeId ?? null]);

describe('validateWorkflow on complete workflows', () => {
  it('finds nothing wrong in a realistic valid workflow', () => {
    expect(validateWorkflow(WorkflowDocumentSchema.parse(orderApproval))).toEqual([]);
  });

  it('reports a renamed user task outcome: the edge port no longer exists and the new outcome is unconnected', () => {
    const problems = validateWorkflow(WorkflowDocumentSchema.parse(renamedOutcome));
    expect(summary(problems)).toEqual([
      ['UNKNOWN_PORT', 'approve', 'e5'],
      ['OUTPUT_UNCONNECTED', 'approve', null],
    ]);
    expect(problems[0]!.message).toBe(
      'User task "Manager approval" (approve): edge "e5" leaves through port "approve", which the node does not have (its outputs are "accept", "reject"); was a branch or outcome renamed?',
    );
    expect(problems[1]!.message).toBe('User task "Manager approval" (approve): output "Accept" (accept) is not connected');
    expect(hasBlockingProblems(problems)).toBe(true);
  });
});

describe('validateWorkflow on the engine fixtures', () => {
  it.each(FIXTURE_NAMES)('%s', (name) => {
    const codes = validateWorkflow(engineFixture(name)).map((p) => p.code);
    expect(codes).toEqual(name === 'join-without-split' ? ['JOIN_WITHOUT_SPLIT'] : []);
  });
});

describe('validateWorkflow, one problem at a time', () => {
  const linear = (mid: N) => doc([trigger(), mid, end()], [edge('e1', 'start', mid.id), edge('e2', mid.id, 'done')]);

  it.each<[string, WorkflowDocument, unknown[][]]>([
    ['no trigger', doc([transform('a'), end()], [edge('e1', 'a', 'done')]), [['NO_TRIGGER', null, null], ['INPUT_UNCONNECTED', 'a', null]]],
    [
      'two triggers',
      doc([trigger(), node('again', 'manualTrigger'), end()], [edge('e1', 'start', 'done'), edge('e2', 'again', 'done')]),
      [['MULTIPLE_TRIGGERS', 'start', null], ['MULTIPLE_TRIGGERS', 'again', null]],
    ],
    ['unknown node type', linear(node('x', 'ftpUpload')), [['UNKNOWN_NODE_TYPE', 'x', null]]],
    [
      'an island cycle the trigger cannot reach',
      doc([trigger(), end(), transform('x'), transform('y')], [edge('e1', 'start', 'done'), edge('e2', 'x', 'y'), edge('e3', 'y', 'x')]),
      [['UNREACHABLE', 'x', null]],
    ],
    [
      'a node with no incoming edge (reported once, not also as unreachable)',
      doc([trigger(), transform('stray'), end()], [edge('e1', 'start', 'done'), edge('e2', 'stray', 'done')]),
      [['INPUT_UNCONNECTED', 'stray', null]],
    ],
    [
      'a user task outcome without edge',
      doc([trigger(), userTask('ut', ['approve', 'reject']), end()], [edge('e1', 'start', 'ut'), edge('e2', 'ut', 'done', 'approve')]),
      [['OUTPUT_UNCONNECTED', 'ut', null]],
    ],
    [
      'an unconnected default branch (allowed: the default port is optional)',
      doc([trigger(), gateway('gw', [['yes', '$input.ok']]), end()], [edge('e1', 'start', 'gw'), edge('e2', 'gw', 'done', 'yes')]),
      [],
    ],
    [
      'an edge into the trigger',
      doc([trigger(), transform('a')], [edge('e1', 'start', 'a'), edge('e2', 'a', 'start')]),
      [['UNKNOWN_PORT', 'start', 'e2']],
    ],
    [
      'an edge into an unknown input port',
      doc([trigger(), end()], [edge('e1', 'start', 'done', 'out', 'side')]),
      [['UNKNOWN_PORT', 'done', 'e1']],
    ],
    [
      'two edges from one port of a transform',
      doc([trigger(), transform('a'), end('d1'), end('d2')], [edge('e1', 'start', 'a'), edge('e2', 'a', 'd1'), edge('e3', 'a', 'd2')]),
      [['MULTIPLE_EDGES_FROM_PORT', 'a', 'e3']],
    ],
    [
      'a self loop',
      doc([trigger(), gateway('gw', [['again', '$vars.n < 3']]), end()], [edge('e1', 'start', 'gw'), edge('e2', 'gw', 'gw', 'again'), edge('e3', 'gw', 'done', 'default')]),
      [['SELF_LOOP', 'gw', 'e2']],
    ],
    [
      'a join without split',
      doc([trigger(), transform('a'), node('join', 'parallelJoin'), end()], [edge('e1', 'start', 'a'), edge('e2', 'a', 'join'), edge('e3', 'join', 'done')]),
      [['JOIN_WITHOUT_SPLIT', 'join', null]],
    ],
    [
      'a split without join (warning)',
      doc([trigger(), node('split', 'parallelSplit'), end('d1'), end('d2')], [edge('e1', 'start', 'split'), edge('e2', 'split', 'd1'), edge('e3', 'split', 'd2')]),
      [['SPLIT_WITHOUT_JOIN', 'split', null]],
    ],
    [
      'a split whose third branch ends before the join',
      doc(
        [trigger(), node('split', 'parallelSplit'), transform('a'), transform('b'), end('early'), node('join', 'parallelJoin'), end()],
        [edge('e1', 'start', 'split'), edge('e2', 'split', 'a'), edge('e3', 'split', 'b'), edge('e4', 'split', 'early'), edge('e5', 'a', 'join'), edge('e6', 'b', 'join'), edge('e7', 'join', 'done')],
      ),
      [['JOIN_BRANCH_MISMATCH', 'join', null], ['JOIN_BRANCH_MISMATCH', 'split', 'e4']],
    ],
  ])('%s', (_, d, expected) => {
    const problems = validateWorkflow(d);
    expect(summary(problems)).toEqual(expected);
    for (const p of problems) expect(PROBLEM_CODES).toContain(p.code);
  });

  it('words connectivity and pairing messages with type, label and id', () => {
    const msg = (d: WorkflowDocument) => validateWorkflow(d).map((p) => `${p.severity}: ${p.message}`);
    expect(msg(doc([trigger(), transform('a', '$input', 'Shape'), end('d1'), end('d2')], [edge('e1', 'start', 'a'), edge('e2', 'a', 'd1'), edge('e3', 'a', 'd2')]))).toEqual([
      'error: Transform "Shape" (a): output "out" has 2 edges (e2, e3); only a parallel split can start several branches',
    ]);
    expect(msg(doc([trigger(), transform('stray'), end()], [edge('e1', 'start', 'done'), edge('e2', 'stray', 'done')]))).toEqual([
      'error: Transform (stray): its input is not connected, so it can never run',
    ]);
    expect(msg(doc([trigger(), node('split', 'parallelSplit', {}, 'Fan out'), end('d1'), end('d2')], [edge('e1', 'start', 'split'), edge('e2', 'split', 'd1'), edge('e3', 'split', 'd2')]))).toEqual([
      'warning: Parallel split "Fan out" (split): its branches never meet at a parallel join; they run on independently and the run ends when all of them have ended',
    ]);
    expect(msg(doc([trigger(), end()], [edge('e1', 'start', 'done'), edge('e2', 'done', 'start', 'x')]))).toEqual([
      'error: End (done): edge "e2" leaves through port "x", which the node does not have (it has no outputs); was a branch or outcome renamed?',
      'error: Manual trigger "Start" (start): edge "e2" leads into the trigger, which has no input; a trigger only starts runs',
    ]);
  });

  it('treats a warning-only document as not blocking', () => {
    const warned = validateWorkflow(doc([trigger(), node('split', 'parallelSplit'), end('d1'), end('d2')], [edge('e1', 'start', 'split'), edge('e2', 'split', 'd1'), edge('e3', 'split', 'd2')]));
    expect(warned.map((p) => p.severity)).toEqual(['warning']);
    expect(hasBlockingProblems(warned)).toBe(false);
    expect(hasBlockingProblems([])).toBe(false);
  });
});

describe('parallel pairing with nesting', () => {
  const nested = (innerJoinTarget: string) =>
    doc(
      [trigger(), node('outer', 'parallelSplit'), node('inner', 'parallelSplit'), http('x'), http('y'), node('inner_join', 'parallelJoin'), http('b'), node('outer_join', 'parallelJoin'), end()],
      [
        edge('e1', 'start', 'outer'), edge('e2', 'outer', 'inner'), edge('e3', 'outer', 'b'), edge('e4', 'inner', 'x'), edge('e5', 'inner', 'y'),
        edge('e6', 'x', 'inner_join'), edge('e7', 'y', innerJoinTarget), edge('e8', 'inner_join', 'outer_join'), edge('e9', 'b', 'outer_join'), edge('e10', 'outer_join', 'done'),
      ],
    );

  it('pairs an inner split with the inner join and the outer split with the outer join', () => {
    expect(validateWorkflow(nested('inner_join'))).toEqual([]);
  });

  it('flags a branch of the inner split that jumps to the outer join', () => {
    const problems = validateWorkflow(nested('outer_join'));
    expect(summary(problems)).toEqual([
      ['JOIN_BRANCH_MISMATCH', 'outer_join', null], // 3 incoming edges (inner_join, y, b) for 2 outer branches
      ['JOIN_BRANCH_MISMATCH', 'inner_join', null], // 1 incoming edge for 2 inner branches
      ['JOIN_BRANCH_MISMATCH', 'inner', 'e5'],
    ]);
    expect(problems[2]!.message).toBe(
      'Parallel split (inner): the branch starting with edge "e5" never reaches the split\'s join Parallel join (inner_join) (it reaches Parallel join (outer_join) instead), so the join would wait forever',
    );
  });

  it('accepts a split inside a loop body', () => {
    const d = doc(
      [trigger(), node('split', 'parallelSplit'), http('a'), http('b'), node('join', 'parallelJoin'), gateway('more', [['again', '$vars.n < 3']]), end()],
      [edge('e1', 'start', 'split'), edge('e2', 'split', 'a'), edge('e3', 'split', 'b'), edge('e4', 'a', 'join'), edge('e5', 'b', 'join'), edge('e6', 'join', 'more'), edge('e7', 'more', 'split', 'again'), edge('e8', 'more', 'done', 'default')],
    );
    expect(validateWorkflow(d)).toEqual([]);
  });
});

describe('config problems', () => {
  const one = (n: N) => validateWorkflow(doc([trigger(), n, end()], [edge('e1', 'start', n.id), edge('e2', n.id, 'done')]));

  it.each<[string, N, Array<[(string | number)[], string]>]>([
    ['a missing URL', http('check', { url: '' }, 'Credit check'), [[['url'], 'HTTP request "Credit check" (check): URL is required']]],
    ['a bad header name', http('check', { headers: [{ name: 'ok', value: '' }, { name: 'bad name', value: 'v' }] }), [[['headers', 1, 'name'], 'HTTP request (check): Headers #2 › Name: not a valid header name']]],
    ['a wrong type', http('check', { timeoutMs: 'fast' }), [[['timeoutMs'], 'HTTP request (check): Timeout (ms): Invalid input: expected number, received string']]],
    [
      'an empty gateway condition and a reserved branch id',
      gateway('gw', [['default', '']], 'Route'),
      [
        [['branches', 0, 'condition'], 'Exclusive gateway "Route" (gw): Branches #1 › Condition is required'],
        [['branches'], 'Exclusive gateway "Route" (gw): Branches: "default" is reserved for the default branch'],
      ],
    ],
    [
      'duplicate outcome ids',
      node('ut', 'userTask', { title: 'T', outcomes: [{ id: 'ok', label: 'OK' }, { id: 'ok', label: 'Also OK' }] }),
      [[['outcomes'], 'User task (ut): Outcomes: outcome id "ok" is used twice']],
    ],
  ])('reports %s with its path and field name', (_, n, expected) => {
    const problems = one(n).filter((p) => p.code === 'CONFIG_INVALID');
    expect(problems.map((p) => [p.path, p.message])).toEqual(expected);
    expect(problems.every((p) => p.nodeId === n.id && p.severity === 'error')).toBe(true);
  });
});

describe('expression syntax', () => {
  const problemsOf = (n: N) =>
    validateWorkflow(doc([trigger(), n, end()], [edge('e1', 'start', n.id), edge('e2', n.id, 'done', n.type === 'exclusiveGateway' ? 'a' : 'out')]))
      .filter((p) => p.code === 'EXPRESSION_SYNTAX')
      .map((p) => [p.path, p.message]);

  it('checks expression fields with JSONata, giving the message and position', () => {
    expect(problemsOf(transform('map', '$input.a +', 'Map'))).toEqual([
      [['expression'], 'Transform "Map" (map): Mapping: Unexpected end of expression (at position 10 of the expression)'],
    ]);
    expect(problemsOf(gateway('gw', [['a', '$input.x > 1'], ['b', 'foo bar']]))).toEqual([
      [['branches', 1, 'condition'], 'Exclusive gateway (gw): Branches #2 › Condition: Syntax error: "bar" (at position 7 of the expression)'],
    ]);
    expect(problemsOf(http('h', { body: '' }))).toEqual([]);
  });

  it('refuses regex literals the linear-time engine cannot run (lookaround, backreferences)', () => {
    expect(problemsOf(transform('map', '$match($input.a, /(a)\\1/)', 'Map'))).toEqual([
      [['expression'], 'Transform "Map" (map): Mapping: regular expression /(a)\\1/ uses a backreference "\\1"…"\\9", which the linear-time engine (RE2) does not support (at position 24 of the expression)'],
    ]);
    expect(problemsOf(transform('map', '$match($input.a, /^([a-z]+)+$/)', 'Map'))).toEqual([]);
  });

  it('checks every {{ }} part of template fields, including array items', () => {
    expect(problemsOf(http('h', { url: 'https://x/{{ $input.id }}/{{ $input.id + }}', headers: [{ name: 'A', value: 'Bearer {{ $token' }] }))).toEqual([
      [['url'], 'HTTP request (h): URL: {{ $input.id + }}: Unexpected end of expression (at position 13 of the expression)'],
      [['headers', 0, 'value'], 'HTTP request (h): Headers #1 › Value: "{{" at position 7 is never closed with "}}"'],
    ]);
    expect(problemsOf(http('h', { url: '/x/{{ }}' }))).toEqual([[['url'], 'HTTP request (h): URL: empty {{ }} at position 3']]);
    expect(problemsOf(http('h', { url: '/x/{{ {"a": {"b": 1}}.a.b }}/y' }))).toEqual([]);
  });
});

describe('expressionFieldsOf', () => {
  it.each([
    [
      'http',
      [
        { path: ['url'], widget: 'template' },
        { path: ['query', '*', 'value'], widget: 'template' },
        { path: ['headers', '*', 'value'], widget: 'template' },
        { path: ['body'], widget: 'expression' },
      ],
    ],
    ['transform', [{ path: ['expression'], widget: 'expression' }]],
    ['exclusiveGateway', [{ path: ['branches', '*', 'condition'], widget: 'expression' }]],
    [
      'userTask',
      [
        { path: ['title'], widget: 'template' },
        { path: ['description'], widget: 'template' },
        { path: ['assignmentExpression'], widget: 'expression' },
        { path: ['context'], widget: 'expression' },
        { path: ['dueExpression'], widget: 'expression' },
      ],
    ],
    ['end', [{ path: ['output'], widget: 'expression' }]],
    ['parallelJoin', []],
    ['nope', []],
  ])('lists the expression and template fields of %s', (type, expected) => {
    expect(expressionFieldsOf(type)).toEqual(expected);
  });
});

describe('templateParts', () => {
  it.each([
    ['no parts', 'plain text', []],
    ['two parts', 'a {{ x }} b {{y}}', [{ expr: ' x ', start: 2, end: 9 }, { expr: 'y', start: 12, end: 17 }]],
    ['an object constructor inside', '{{ {"a":{"b":1}} }}!', [{ expr: ' {"a":{"b":1}} ', start: 0, end: 19 }]],
    ['an unclosed part', 'x {{ y', [{ expr: ' y', start: 2, end: -1 }]],
  ])('splits %s', (_, text, expected) => {
    expect(templateParts(text)).toEqual(expected);
  });
});

describe('robustness', () => {
  /** Deterministic pseudo-random values (LCG), so a failure can be replayed. */
  function* garbage(seed: number): Generator<unknown> {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const atoms: unknown[] = [null, 0, -1, 1e308, '', ' ', '{{', '}}', '{{ {{ }} }}', '$x +', 'constructor', '__proto__', true, [], {}, [null], [{}], [1, 'a']];
    const make = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.5) return atoms[Math.floor(rnd() * atoms.length)];
      if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 3) }, () => make(depth + 1));
      const keys = ['id', 'label', 'condition', 'name', 'value', 'url', 'branches', 'outcomes', 'headers', 'title', 'expression', 'output', 'constructor'];
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [keys[Math.floor(rnd() * keys.length)]!, make(depth + 1)]));
    };
    for (;;) yield make(0);
  }

  it('never throws on configs full of garbage, for every node type', () => {
    const gen = garbage(42);
    const fields = ['url', 'headers', 'body', 'branches', 'outcomes', 'formFields', 'title', 'expression', 'output', 'timeoutMs', 'inputFields', 'toString'];
    let checked = 0;
    for (let round = 0; round < 40; round++) {
      const nodes = NODE_TYPES.map((t, i) => {
        const config = Object.fromEntries(fields.map((f) => [f, gen.next().value]));
        return node(`n${i}`, t.type, config, round % 2 ? `Label ${i}` : undefined);
      });
      const ids = nodes.map((n) => n.id);
      const edges = ids.flatMap((id, i) => [edge(`a${i}`, id, ids[(i + 1) % ids.length]!, ['out', 'yes', 'default', 'approve', 'x'][round % 5]), edge(`b${i}`, id, ids[(i * 3) % ids.length]!)]);
      const problems = validateWorkflow(doc(nodes, edges));
      for (const p of problems) {
        expect(PROBLEM_CODES).toContain(p.code);
        expect(p.message.length).toBeGreaterThan(5);
      }
      checked += problems.length;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('survives hostile templates quickly', () => {
    const url = '{{ '.repeat(2000) + ' }}'.repeat(2000);
    const started = performance.now();
    const problems = validateWorkflow(doc([trigger(), http('h', { url }), end()], [edge('e1', 'start', 'h'), edge('e2', 'h', 'done')]));
    expect(problems.some((p) => p.code === 'EXPRESSION_SYNTAX' || p.code === 'CONFIG_INVALID')).toBe(true);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
