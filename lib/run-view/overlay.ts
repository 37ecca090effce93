/**
 * What a node card says about its latest step beyond the status word: retry
 * progress with a live countdown, timer waits, child runs and for-each progress,
 * handled errors and compensation. Pure: the clock (`now`) and node labels are
 * passed in, so the run view re-derives it every second while a countdown runs.
 */
import { formatDuration } from './format';
import { runHref } from './links';
import type { NodeRunStatus, StepRun } from './types';
import { clockTime } from '../util/time';

export { clockTime };

export interface StepDetail {
  /** The status to show: a retrying step whose next attempt is due shows `running`. */
  status: NodeRunStatus;
  /** One short line under the status ("attempt 2 of 5 · next in 4 s"); null for none. */
  detail: string | null;
  /** The detail links here (a sub-workflow's child run); null for none. */
  href: string | null;
  /** True when the detail changes with the clock (a countdown runs). */
  ticking: boolean;
}

/** Countdown to a due time: `now`, `4 s`, `2 min 5 s`, `3 h 10 min`. */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'now';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  return formatDuration(ms);
}

/**
 * The detail of a node's latest step at `now`. `status` is the node status from
 * `nodeStatuses`; `labelOf` names nodes (for "undone by Refund card").
 */
export function stepDetail(step: StepRun, status: NodeRunStatus, now: number, labelOf: (nodeId: string) => string = (id) => id): StepDetail {
  const out: StepDetail = { status, detail: null, href: null, ticking: false };

  if (status === 'retrying' && step.retry) {
    const { nextAttempt, maxAttempts, dueAt } = step.retry;
    const attempt = `attempt ${nextAttempt} of ${maxAttempts}`;
    out.ticking = true;
    if (now < dueAt) out.detail = `${attempt} · next in ${formatCountdown(dueAt - now)}`;
    else {
      out.status = 'running';
      out.detail = attempt;
    }
    return out;
  }
  if (step.routed) {
    out.detail = step.routed.reason;
    return out;
  }
  if (status === 'handled') {
    out.detail = `${step.error?.code ?? 'error'} → error path`;
    return out;
  }
  if (status === 'compensating' && step.compensation) {
    out.detail = 'being undone…';
    return out;
  }
  if (status === 'compensated' && step.compensation) {
    const handlerNode = step.compensation.handlerStepId.split('#')[0]!;
    out.detail = `undone by ${labelOf(handlerNode)}`;
    return out;
  }
  if (step.compensates) {
    const undone = step.compensates.split('#')[0]!;
    out.detail = `undoes ${labelOf(undone)}`;
    return out;
  }
  if (step.map) {
    const running = step.children.filter((c) => c.status === 'running').length;
    out.detail = `${step.map.done} of ${step.map.total} done${running && step.status === 'waiting' ? ` · ${running} running` : ''}`;
    return out;
  }
  const child = step.children.length === 1 && step.children[0]!.index === null ? step.children[0]! : null;
  if (child) {
    out.href = runHref(child.childRunId);
    out.detail = child.status === 'running' ? 'child run running ↗' : `child run ${child.status} ↗`;
    return out;
  }
  if (step.timer && step.status === 'waiting') {
    const { kind, dueAt, firedAt } = step.timer;
    if (kind === 'wait' && firedAt === null) {
      out.ticking = true;
      out.detail = now < dueAt ? `waits until ${clockTime(dueAt, now)} · ${formatCountdown(dueAt - now)}` : `waits until ${clockTime(dueAt, now)}`;
      return out;
    }
    if (kind === 'due') {
      if (step.escalated && !step.escalated.interrupting) out.detail = escalatedDetail(step.escalated);
      else {
        out.ticking = true;
        out.detail = now < dueAt ? `due ${clockTime(dueAt, now)} · in ${formatCountdown(dueAt - now)}` : 'overdue';
      }
      return out;
    }
  }
  if (step.escalated?.interrupting) {
    out.detail = 'escalated (overdue)';
    return out;
  }
  return out;
}

/** Short canvas note for an open user task whose due date passed: reminder sent and/or reassigned. */
export function escalatedDetail(e: { mode: string; reassignedTo: string | null }): string {
  const parts = ['overdue'];
  if (e.mode === 'nonInterrupting') parts.push('reminder sent');
  if (e.reassignedTo) parts.push(`reassigned to ${e.reassignedTo}`);
  return parts.join(' · ');
}
