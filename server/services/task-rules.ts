/**
 * The inbox's rules as pure `decide` functions over a task's stored snapshot
 * (`TaskSnapshot`, read by the storage port inside the write's transaction): may this
 * person claim, release, delegate, approve or decide the task now, and what is then
 * written (the change and its audit entries). They throw `AppError` to refuse; they
 * touch nothing outside their arguments, so a transaction retried on PostgreSQL may
 * call them again.
 */
import type { Json } from '@/lib/engine/types';
import type { AuditAction } from '@/lib/audit/actions';
import type { AuditInput } from '../storage/ports/audit';
import type { AccessRow, TaskApprovalWrite, TaskAssignmentChange, TaskSnapshot } from '../storage/ports/tasks';
import { AppError } from '../errors';
import { canSeeAllTasks, type Actor } from './actor';
import { describeAssignment, isPotentialOwner } from './task-access';

/**
 * The snapshot's task.
 * @throws AppError('not_found') when there is none.
 */
export function found(s: TaskSnapshot, taskId: string): AccessRow & { runStatus: string } {
  if (!s.task) throw new AppError('not_found', `task "${taskId}" not found`, [{ path: ['taskId'], message: 'no such task' }]);
  return s.task;
}

/**
 * Refuses unless `actor` may act on the open task now: open, a potential owner or the
 * claimer, not the run's starter under four-eyes, and (unless `ignoreClaim`) not
 * claimed by someone else.
 * @throws AppError('conflict' | 'forbidden')
 */
export function refuseUnlessMayAct(t: AccessRow, actor: Actor, verb: string, opts: { ignoreClaim?: boolean } = {}): void {
  refuseUnlessOpen(t);
  if (!isPotentialOwner(t, actor) && t.claimedBy !== actor.id) throw new AppError('forbidden', `${actor.id} may not ${verb} task "${t.id}": it is for ${describeAssignment(t)}`);
  if (t.starterMayNotApprove && t.startedBy === actor.id) throw new AppError('forbidden', `${actor.id} started this run and may not ${verb} its task "${t.id}" (four-eyes rule)`);
  if (!opts.ignoreClaim && t.claimedBy && t.claimedBy !== actor.id) throw new AppError('forbidden', `task "${t.id}" is claimed by ${t.claimedBy}; only they may ${verb} it`);
}

/** @throws AppError('conflict') when the task is no longer open (naming who decided it). */
export function refuseUnlessOpen(t: AccessRow): void {
  if (t.status !== 'open') throw new AppError('conflict', `task "${t.id}" is already ${t.status}${t.completedBy ? ` by ${t.completedBy}` : ''}`);
}

/** @throws AppError('conflict') when the acting person recorded a decision on the task already. */
export function refuseIfDecided(s: TaskSnapshot, taskId: string, actor: Actor): void {
  if (s.priorOutcome !== null) throw new AppError('conflict', `${actor.id} has already decided task "${taskId}" (${s.priorOutcome}); another person must approve`);
}

/** An audit entry of `actor` on task `taskId`. */
export function taskAudit(actor: Actor, action: AuditAction, taskId: string, details: Record<string, Json>, at: number): AuditInput {
  return { actor: actor.id, action, targetType: 'task', targetId: taskId, details, at };
}

/** Claim: only the potential owners, not yet claimed by another, not decided by the actor; null when the actor holds it already. */
export function decideClaim(s: TaskSnapshot, taskId: string, actor: Actor, at: number): TaskAssignmentChange | null {
  const t = found(s, taskId);
  refuseUnlessMayAct(t, actor, 'claim', { ignoreClaim: true });
  if (t.claimedBy && t.claimedBy !== actor.id) throw new AppError('conflict', `task "${taskId}" is already claimed by ${t.claimedBy}`);
  refuseIfDecided(s, taskId, actor);
  if (t.claimedBy === actor.id) return null;
  return { kind: 'claim', userId: actor.id, at, audit: [taskAudit(actor, 'task.claim', taskId, { runId: t.runId }, at)] };
}

/** Release: only the claimer of an open task. */
export function decideUnclaim(s: TaskSnapshot, taskId: string, actor: Actor, at: number): TaskAssignmentChange {
  const t = found(s, taskId);
  if (t.status !== 'open') throw new AppError('conflict', `task "${taskId}" is already ${t.status}`);
  if (!t.claimedBy) throw new AppError('conflict', `task "${taskId}" is not claimed`);
  if (t.claimedBy !== actor.id) throw new AppError('forbidden', `task "${taskId}" is claimed by ${t.claimedBy}; only they may release it`);
  return { kind: 'unclaim', audit: [taskAudit(actor, 'task.unclaim', taskId, { runId: t.runId }, at)] };
}

/**
 * Delegation to `to.userId` (who must exist: `delegateExists`) with a trimmed reason.
 * Admins reassign any open task (claimed or not); everyone else delegates only what they may act on.
 */
export function decideDelegate(s: TaskSnapshot & { delegateExists: boolean }, taskId: string, actor: Actor, to: { userId: string; reason: string }, at: number): TaskAssignmentChange {
  const t = found(s, taskId);
  const reassigning = canSeeAllTasks(actor) && !isPotentialOwner(t, actor) && t.claimedBy !== actor.id;
  if (reassigning) {
    if (t.status !== 'open') throw new AppError('conflict', `task "${t.id}" is already ${t.status}`);
  } else refuseUnlessMayAct(t, actor, 'delegate');
  if (!s.delegateExists) throw new AppError('invalid', `unknown user "${to.userId}"`, [{ path: ['userId'], message: 'no such user' }]);
  if (to.userId === actor.id) throw new AppError('invalid', 'a task cannot be delegated to yourself; claim it instead', [{ path: ['userId'], message: 'is you' }]);
  if (t.starterMayNotApprove && t.startedBy === to.userId)
    throw new AppError('invalid', `${to.userId} started this run and may not act on its task (four-eyes rule)`, [{ path: ['userId'], message: 'run starter' }]);
  const details = { runId: t.runId, from: t.assignee || null, to: to.userId, reason: to.reason, ...(reassigning ? { reassignedByAdmin: true } : {}) };
  return { kind: 'delegate', to: to.userId, at, audit: [taskAudit(actor, 'task.delegate', taskId, details, at)] };
}

/** A decision as the rules see it: who, which outcome, the validated form data (JSON text), when, whether it approves (the first outcome). */
export interface Decision {
  taskId: string;
  actor: Actor;
  outcome: string;
  data: string;
  at: number;
  approving: boolean;
}

/**
 * An approval short of N (four-eyes) is recorded on its own; null when it would be the
 * N-th (which goes through the run's transition, {@link decideCompletion}).
 */
export function decidePartialApproval(s: TaskSnapshot, d: Decision): (TaskApprovalWrite & { approvals: number; requiredApprovals: number }) | null {
  const t = found(s, d.taskId);
  refuseUnlessMayAct(t, d.actor, 'decide');
  refuseIfDecided(s, d.taskId, d.actor);
  const n = s.approvals;
  if (n + 1 >= t.requiredApprovals) return null;
  const details = { runId: t.runId, outcome: d.outcome, approvals: n + 1, requiredApprovals: t.requiredApprovals };
  // The next approver must be able to claim it.
  return { data: d.data, at: d.at, unclaim: t.claimedBy === d.actor.id, audit: [taskAudit(d.actor, 'task.approve', d.taskId, details, d.at)], approvals: n + 1, requiredApprovals: t.requiredApprovals };
}

/**
 * The deciding decision, inside the commit of the run's transition: the task is still
 * open and this person may still decide; records the approval and `task.complete`
 * (with `task.approve` first when it is the N-th of several approvals).
 */
export function decideCompletion(s: TaskSnapshot, d: Decision): { data: string; at: number; audit: AuditInput[]; approvals: number } {
  const t = found(s, d.taskId);
  refuseUnlessMayAct(t, d.actor, 'decide');
  refuseIfDecided(s, d.taskId, d.actor);
  const approvals = d.approving ? s.approvals + 1 : 0;
  const details = { runId: t.runId, outcome: d.outcome, approvals, requiredApprovals: t.requiredApprovals };
  const audit: AuditInput[] = [];
  if (d.approving && t.requiredApprovals > 1) audit.push(taskAudit(d.actor, 'task.approve', d.taskId, details, d.at));
  audit.push(taskAudit(d.actor, 'task.complete', d.taskId, details, d.at));
  return { data: d.data, at: d.at, audit, approvals };
}
