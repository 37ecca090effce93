/**
 * Big workflow documents for the canvas benchmark (`bench/designer.ts`), laid out
 * with the designer's own auto-layout (dagre, top to bottom), so they look like a
 * large workflow an analyst tidied up.
 *
 * - {@link designerWorkflow}`(n)`: exactly `n` nodes, a realistic mix repeated in
 *   blocks of 12 — an HTTP call with an error path, a Transform, an exclusive
 *   gateway, a user task with approve/reject outcomes, a parallel split into an
 *   HTTP call, a Code step and a Transform, their join, a Wait — chained one block
 *   after the other, each block's rejection ending in its own End. Expressions
 *   reference earlier steps (`$steps.<id>.output…`). No blocking problems.
 * - {@link runWorkflow}`(n)`: exactly `n` nodes of types that run inline (Transform,
 *   parallel split/join, exclusive gateway whose branch always holds), every one of
 *   which is activated once: one run of it is an `n`-step run that finishes in
 *   milliseconds, with no HTTP and no people.
 *
 * Pure: no I/O. Ids are readable (`check_3`, `approve_3`).
 */
import { autoLayout } from '../lib/layout/auto-layout';
import type { WorkflowDocument } from '../lib/workflow/document';

type Node = WorkflowDocument['nodes'][number];
type Edge = WorkflowDocument['edges'][number];

class Builder {
  nodes: Node[] = [];
  edges: Edge[] = [];
  add(id: string, type: string, label: string, config: Record<string, unknown> = {}): string {
    this.nodes.push({ id, type, label, position: { x: 0, y: 0 }, config });
    return id;
  }
  link(source: string, target: string, sourcePort = 'out'): void {
    this.edges.push({ id: `e${this.edges.length + 1}`, source, sourcePort, target, targetPort: 'in' });
  }
  document(name: string, description: string): WorkflowDocument {
    return autoLayout({ schemaVersion: 1, name, description, nodes: this.nodes, edges: this.edges });
  }
}

/** Nodes per block of {@link designerWorkflow}. */
const DESIGNER_BLOCK = 12;

function designerBlock(b: Builder, i: number, prev: string): string {
  const check = b.add(`check_${i}`, 'http', `Check order ${i}`, {
    method: 'GET',
    url: `https://orders.example.test/api/orders/{{ $input.orderId }}/checks/${i}`,
    query: [],
    headers: [{ name: 'Accept', value: 'application/json' }],
    credentialId: '',
    bodyType: 'json',
    body: '',
    responseType: 'auto',
    timeoutMs: 10_000,
    maxResponseBytes: 1_048_576,
    maxRedirects: 5,
    failOnHttpError: true,
  });
  const fallback = b.add(`fallback_${i}`, 'transform', `Use cached result ${i}`, { expression: `{ "total": 0, "source": "cache", "block": ${i} }`, assignTo: '' });
  const score = b.add(`score_${i}`, 'transform', `Score ${i}`, {
    expression: `{ "total": $exists($steps.check_${i}.output.body.total) ? $steps.check_${i}.output.body.total : $steps.fallback_${i}.output.total, "risk": $count($steps) % 7 }`,
    assignTo: '',
  });
  const gate = b.add(`gate_${i}`, 'exclusiveGateway', `Needs approval ${i}?`, {
    branches: [{ id: 'big', label: 'Large order', condition: `$steps.score_${i}.output.total > 1000` }],
  });
  const approve = b.add(`approve_${i}`, 'userTask', `Approve order ${i}`, {
    title: `Approve order {{ $input.orderId }} (step ${i})`,
    description: 'A large order needs a second look.',
    assignee: '',
    candidateUsers: '',
    candidateGroups: 'finance',
    assignmentExpression: '',
    priority: 'normal',
    requiredApprovals: 1,
    starterMayNotApprove: false,
    context: `$steps.score_${i}.output`,
    formFields: [{ name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' }],
    outcomes: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
  });
  const rejected = b.add(`rejected_${i}`, 'end', `Rejected ${i}`, { output: `{ "rejected": ${i} }` });
  const split = b.add(`split_${i}`, 'parallelSplit', `Fan out ${i}`);
  const notify = b.add(`notify_${i}`, 'http', `Notify warehouse ${i}`, {
    method: 'POST',
    url: 'https://warehouse.example.test/api/notifications',
    query: [],
    headers: [],
    credentialId: '',
    bodyType: 'json',
    body: `{ "order": "{{ $input.orderId }}", "block": ${i} }`,
    responseType: 'auto',
    timeoutMs: 10_000,
    maxResponseBytes: 1_048_576,
    maxRedirects: 5,
    failOnHttpError: true,
  });
  const code = b.add(`tax_${i}`, 'code', `Compute tax ${i}`, { code: `const t = ($steps.score_${i}?.output?.total ?? 0) * 0.2;\nreturn { tax: t };`, timeoutMs: 1000, memoryMb: 32 });
  const audit = b.add(`audit_${i}`, 'transform', `Audit entry ${i}`, { expression: `{ "at": $now(), "block": ${i} }`, assignTo: '' });
  const join = b.add(`join_${i}`, 'parallelJoin', `Join ${i}`);
  const wait = b.add(`wait_${i}`, 'wait', `Cool down ${i}`, { mode: 'duration', duration: 'PT1M', milliseconds: 60_000, until: '' });
  b.link(prev, check);
  b.link(check, score);
  b.link(check, fallback, 'error');
  b.link(fallback, score);
  b.link(score, gate);
  b.link(gate, approve, 'big');
  b.link(gate, split, 'default');
  b.link(approve, split, 'approve');
  b.link(approve, rejected, 'reject');
  b.link(split, notify);
  b.link(split, code);
  b.link(split, audit);
  b.link(notify, join);
  b.link(code, join);
  b.link(audit, join);
  b.link(join, wait);
  return wait;
}

/**
 * A designer workflow of exactly `n` nodes (n ≥ 3): a manual trigger, `⌊(n − 2) / 12⌋`
 * blocks (see the module comment), Transforms to make up the count, and an End.
 */
export function designerWorkflow(n: number, name = `Order fulfilment (${n} nodes)`): WorkflowDocument {
  if (n < 3) throw new RangeError('a designer workflow needs at least 3 nodes');
  const b = new Builder();
  let prev = b.add('start', 'manualTrigger', 'Order received');
  const blocks = Math.floor((n - 2) / DESIGNER_BLOCK);
  for (let i = 1; i <= blocks; i++) prev = designerBlock(b, i, prev);
  for (let i = 1; b.nodes.length < n - 1; i++) {
    const t = b.add(`finish_${i}`, 'transform', `Finish ${i}`, { expression: `{ "done": ${i} }`, assignTo: '' });
    b.link(prev, t);
    prev = t;
  }
  b.link(prev, b.add('done', 'end', 'Fulfilled', { output: '{ "ok": true }' }));
  return b.document(name, 'A large generated workflow for the canvas benchmark: checks, approvals and parallel fan-outs.');
}

/** Nodes per block of {@link runWorkflow}. */
const RUN_BLOCK = 8;

/**
 * A workflow of exactly `n` inline nodes (n ≥ 3) whose every node runs once: blocks of
 * Transform → exclusive gateway (a branch that always holds, and the default, both into the split)
 * → parallel split → three Transforms → join → Transform, then Transforms to make up
 * the count, and an End.
 */
export function runWorkflow(n: number, name = `Nightly ledger (${n} steps)`): WorkflowDocument {
  if (n < 3) throw new RangeError('a run workflow needs at least 3 nodes');
  const b = new Builder();
  let prev = b.add('start', 'manualTrigger', 'Start');
  const t = (id: string, label: string, expression: string) => b.add(id, 'transform', label, { expression, assignTo: '' });
  const blocks = Math.floor((n - 2) / RUN_BLOCK);
  for (let i = 1; i <= blocks; i++) {
    const read = t(`read_${i}`, `Read batch ${i}`, `{ "batch": ${i}, "rows": [1, 2, 3] }`);
    const gate = b.add(`gate_${i}`, 'exclusiveGateway', `Batch ${i} ready?`, { branches: [{ id: 'ready', label: 'Ready', condition: `$count($steps.read_${i}.output.rows) > 0` }] });
    const split = b.add(`split_${i}`, 'parallelSplit', `Fan out ${i}`);
    const parts = [t(`sum_${i}`, `Sum ${i}`, `$sum($steps.read_${i}.output.rows)`), t(`max_${i}`, `Max ${i}`, `$max($steps.read_${i}.output.rows)`), t(`count_${i}`, `Count ${i}`, `$count($steps.read_${i}.output.rows)`)];
    const join = b.add(`join_${i}`, 'parallelJoin', `Join ${i}`);
    const post = t(`post_${i}`, `Post batch ${i}`, `{ "batch": ${i}, "sum": $steps.sum_${i}.output }`);
    b.link(prev, read);
    b.link(read, gate);
    // Both gateway paths lead to the split (the branch always holds), so every node runs once.
    b.link(gate, split, 'ready');
    b.link(gate, split, 'default');
    for (const p of parts) {
      b.link(split, p);
      b.link(p, join);
    }
    b.link(join, post);
    prev = post;
  }
  for (let i = 1; b.nodes.length < n - 1; i++) {
    const x = t(`tail_${i}`, `Tail ${i}`, `${i}`);
    b.link(prev, x);
    prev = x;
  }
  b.link(prev, b.add('done', 'end', 'Done', { output: '{ "ok": true }' }));
  return b.document(name, 'A large generated workflow of inline steps for the run view benchmark.');
}
