/**
 * Inbox rows for storage contract tests, seeded with plain SQL on either backend: people,
 * groups, workflows with a version, runs (one a test run of the draft) and tasks.
 */
import type { TestStorage } from './backends';
import { rawSql } from './raw-sql';
import type { Actor } from '@/server/services/actor';
import type { TaskView } from '@/server/storage/ports/tasks';

/** Runs one statement written with `?` placeholders on either backend; returns its rows (`raw-sql.ts`). */
export const sql = (t: TestStorage, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> => rawSql(t, text, params);

/** The workflow document of every seeded version: a trigger and a user task `review`. */
export const DOC = JSON.stringify({ nodes: [{ id: 'review', type: 'userTask', label: 'Review it' }, { id: 'start', type: 'trigger' }] });

/** Users, groups, two workflows with a version each, and runs (one a test run of the draft). */
export async function seedBase(t: TestStorage): Promise<void> {
  for (const [id, roles] of [
    ['ann', 'operator'],
    ['ben', 'operator'],
    ['cat', 'operator'],
    ['dan', 'admin'],
  ])
    await sql(t, `INSERT INTO users (id, name, email, roles, created_at) VALUES (?, ?, ?, ?, ?)`, [id, id, `${id}@example.com`, roles, 1]);
  for (const g of ['ops', 'finance']) await sql(t, `INSERT INTO groups (id, name, created_at) VALUES (?, ?, 1)`, [g, g]);
  for (const [g, u] of [
    ['ops', 'cat'],
    ['finance', 'cat'],
    ['ops', 'ben'],
  ])
    await sql(t, `INSERT INTO group_members (group_id, user_id) VALUES (?, ?)`, [g, u]);
  for (const [id, name] of [
    ['wf_a', 'Invoices'],
    ['wf_b', 'Ärger melden'],
  ]) {
    await sql(t, `INSERT INTO workflows (id, name, draft, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`, [id, name, DOC]);
    await sql(t, `INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by) VALUES (?, 1, ?, 1, 'dan')`, [id, DOC]);
  }
  for (const [id, wf, version, by] of [
    ['run_1', 'wf_a', 1, 'ann'],
    ['run_2', 'wf_b', 1, 'ben'],
    ['run_3', 'wf_a', null, 'dan'],
  ] as const)
    await sql(t, `INSERT INTO runs (id, workflow_id, version, status, input, state, state_version, started_by, created_at, updated_at) VALUES (?, ?, ?, 'waiting', '{}', '{}', 0, ?, 1, 1)`, [id, wf, version, by]);
  await sql(t, `INSERT INTO run_drafts (run_id, draft_revision, document, created_at) VALUES ('run_3', 1, ?, 1)`, [JSON.stringify({ nodes: [{ id: 'review', type: 'userTask', label: 'Draft review' }] })]);
}

/** A task row to seed; absent fields take defaults (open, run_1, no assignment, normal priority). Times epoch ms. */
export interface TaskSeed {
  id: string;
  runId?: string;
  workflowId?: string;
  title?: string;
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  priority?: string;
  dueAt?: number | null;
  createdAt: number;
  requiredApprovals?: number;
  starterMayNotApprove?: boolean;
  claimedBy?: string | null;
  status?: string;
  completedBy?: string | null;
  escalatedAt?: number | null;
}

/** Inserts one task with outcomes approve / reject, an empty form and step `review#<id>`. */
export async function seedTask(t: TestStorage, s: TaskSeed): Promise<void> {
  const outcomes = JSON.stringify([
    { id: 'approve', label: 'Approve' },
    { id: 'reject', label: 'Reject' },
  ]);
  await sql(
    t,
    `INSERT INTO tasks (id, run_id, step_id, node_id, workflow_id, title, assignee, form, outcomes, context, status, completed_by, created_at,
      candidate_users, candidate_groups, priority, due_at, required_approvals, starter_may_not_approve, claimed_by, escalated_at)
     VALUES (?, ?, ?, 'review', ?, ?, ?, '[]', ?, '{"n":1}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      s.id,
      s.runId ?? 'run_1',
      `review#${s.id}`,
      s.workflowId ?? (s.runId === 'run_2' ? 'wf_b' : 'wf_a'),
      s.title ?? `Task ${s.id}`,
      s.assignee ?? '',
      outcomes,
      s.status ?? 'open',
      s.completedBy ?? null,
      s.createdAt,
      JSON.stringify(s.candidateUsers ?? []),
      JSON.stringify(s.candidateGroups ?? []),
      s.priority ?? 'normal',
      s.dueAt ?? null,
      s.requiredApprovals ?? 1,
      s.starterMayNotApprove ? 1 : 0,
      s.claimedBy ?? null,
      s.escalatedAt ?? null,
    ],
  );
}

/** An acting person (operator unless `roles` says otherwise). */
export const actor = (id: string, groups: string[] = [], roles: Actor['roles'] = ['operator']): Actor => ({ id, groups, roles });
/** The ids of a list, in order. */
export const ids = (l: TaskView[]) => l.map((x) => x.id);

/** A mixed set of tasks: assignment kinds, priorities, due dates, claims, decisions, four-eyes. */
export async function seedMix(t: TestStorage): Promise<void> {
  await seedBase(t);
  const rows: TaskSeed[] = [
    { id: 't01', createdAt: 100, assignee: 'ann', priority: 'low', dueAt: 5_000 },
    { id: 't02', createdAt: 100, candidateUsers: ['ben', 'ann'], priority: 'urgent' },
    { id: 't03', createdAt: 90, candidateGroups: ['ops'], priority: 'high', dueAt: 4_000 },
    { id: 't04', createdAt: 110, runId: 'run_2', title: 'ÄRGER über Rechnung', priority: 'high' },
    { id: 't05', createdAt: 120, candidateGroups: ['finance'], claimedBy: 'cat' },
    { id: 't06', createdAt: 130, assignee: 'ben', status: 'completed', completedBy: 'ben' },
    { id: 't07', createdAt: 140, runId: 'run_1', candidateUsers: ['ann'], starterMayNotApprove: true },
    { id: 't08', createdAt: 100, assignee: 'cat', candidateGroups: ['ops'], dueAt: 4_000 },
    { id: 't09', createdAt: 150, runId: 'run_3', candidateGroups: ['ops', 'finance'], status: 'cancelled' },
    { id: 't10', createdAt: 160, runId: 'run_2', assignee: 'ann', escalatedAt: 500 },
  ];
  for (const r of rows) await seedTask(t, r);
}
