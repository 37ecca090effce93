/**
 * Who may act on a user task (BPMN 2.0 §10.3.3 human performer / potential owners):
 * the assignee, a candidate user, or a member of a candidate group. A task that names
 * none of them is open to anyone. Pure functions over a task's assignment.
 */
import { canSeeAllTasks, type Actor } from './actor';

export interface Assignment {
  /** User id, or '' for none. */
  assignee: string;
  candidateUsers: string[];
  candidateGroups: string[];
}

/** True when the task names no assignee, candidate user or candidate group. */
export function openToAnyone(a: Assignment): boolean {
  return !a.assignee && a.candidateUsers.length === 0 && a.candidateGroups.length === 0;
}

/** True when `actor` is among the task's potential owners (or the task is open to anyone). */
export function isPotentialOwner(a: Assignment, actor: Actor): boolean {
  if (openToAnyone(a)) return true;
  if (a.assignee === actor.id || a.candidateUsers.includes(actor.id)) return true;
  return a.candidateGroups.some((g) => actor.groups.includes(g));
}

/** Human-readable list of who a task is for, e.g. `sam, group finance`. */
export function describeAssignment(a: Assignment): string {
  if (openToAnyone(a)) return 'anyone';
  const parts = [...new Set([a.assignee, ...a.candidateUsers].filter(Boolean))];
  return [...parts, ...a.candidateGroups.map((g) => `group ${g}`)].join(', ');
}

/**
 * True when `actor` may read the task: admins (`task.see_all`), its potential owners,
 * whoever claimed it and whoever completed it.
 */
export function maySeeTask(t: Assignment & { claimedBy: string | null; completedBy: string | null }, actor: Actor): boolean {
  return canSeeAllTasks(actor) || isPotentialOwner(t, actor) || t.claimedBy === actor.id || t.completedBy === actor.id;
}

/**
 * Whether an open task belongs in a person's inbox tab. `mine`: claimed by them, or
 * unclaimed and naming them (assignee or candidate user). `groups`: unclaimed, not
 * naming them by name, and open to anyone or to one of their groups. Under the
 * four-eyes rule the run's starter sees it in neither.
 */
export function inInboxView(
  t: Assignment & { claimedBy: string | null; starterMayNotApprove: boolean; startedBy: string | null },
  view: 'mine' | 'groups',
  actor: Actor,
): boolean {
  if (t.starterMayNotApprove && t.startedBy === actor.id) return false;
  const named = t.assignee === actor.id || t.candidateUsers.includes(actor.id);
  if (view === 'mine') return t.claimedBy === actor.id || (t.claimedBy === null && named);
  return t.claimedBy === null && !named && (openToAnyone(t) || t.candidateGroups.some((g) => actor.groups.includes(g)));
}
