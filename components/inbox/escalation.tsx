'use client';
/**
 * How a task's due date shows to people: an "Escalated" or "Reminder sent" chip in the
 * list, and a line on the task page saying what happened (or will happen) when it is
 * overdue. Pure wording in `escalationNote`.
 */
import type { TaskView } from './types';
import { RelativeTime } from '@/components/runs/time';

type Escalation = TaskView['escalation'];

/** What the task page says about the due date's escalation; null when there is nothing to say. */
export function escalationNote(e: Escalation, status: TaskView['status']): { done: boolean; text: string } | null {
  const group = e.group ? `group ${e.group}` : null;
  if (e.escalatedAt !== null) {
    if (e.mode === 'interrupting') return { done: true, text: 'Overdue: closed and escalated' };
    if (e.mode === 'reassign') return { done: true, text: `Escalated to ${group ?? 'another group'}` };
    if (e.mode === 'nonInterrupting') return { done: true, text: group ? `Reminder sent and escalated to ${group}` : 'Reminder sent' };
  }
  if (status !== 'open') return null;
  if (e.mode === 'reassign' || (e.mode === 'nonInterrupting' && group)) return { done: false, text: `When overdue: ${e.mode === 'nonInterrupting' ? 'a reminder is sent and ' : ''}it goes to ${group}` };
  if (e.mode === 'nonInterrupting') return { done: false, text: 'When overdue: a reminder is sent' };
  if (e.mode === 'interrupting') return { done: false, text: 'When overdue: the task is closed and escalated' };
  return null;
}

/** List chip: "Escalated" when it was handed to a group, "Reminder sent" after a plain reminder. */
export function EscalationChip({ task }: { task: Pick<TaskView, 'escalation'> }) {
  const e = task.escalation;
  if (e.escalatedAt === null || e.mode === 'interrupting') return null;
  const reassigned = e.mode === 'reassign' || e.group !== null;
  return (
    <span
      data-testid={reassigned ? 'task-escalated' : 'task-reminded'}
      title={reassigned ? `Escalated to group ${e.group ?? ''}` : 'A reminder was sent'}
      className={`rounded-full px-1.5 py-px font-semibold ${reassigned ? 'bg-orange-100 text-orange-800' : 'bg-amber-50 text-amber-800 ring-1 ring-inset ring-amber-200'}`}
    >
      {reassigned ? 'Escalated' : 'Reminder sent'}
    </span>
  );
}

/** The task page's line about the escalation, with when it happened. */
export function EscalationLine({ task }: { task: Pick<TaskView, 'escalation' | 'status'> }) {
  const note = escalationNote(task.escalation, task.status);
  if (!note) return null;
  return (
    <p
      data-testid="task-escalation"
      data-done={note.done || undefined}
      className={`mt-3 flex items-center gap-2 rounded-md px-3 py-2 text-sm ${note.done ? 'bg-orange-50 text-orange-900 ring-1 ring-inset ring-orange-200' : 'text-slate-500'}`}
    >
      <span className={note.done ? 'font-semibold' : ''}>{note.text}</span>
      {note.done && task.escalation.escalatedAt !== null && (
        <RelativeTime at={task.escalation.escalatedAt} className="text-xs text-orange-700" />
      )}
    </p>
  );
}
