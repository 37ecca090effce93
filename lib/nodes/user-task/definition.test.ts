/** User task config: when the due-date escalation needs a group, and when a group makes no sense. */
import { describe, expect, it } from 'vitest';
import { userTask, userTaskConfig } from './definition';

const base = { ...userTask.defaults(), dueIn: 'PT4H' };
const problems = (c: Record<string, unknown>) => {
  const r = userTaskConfig.safeParse({ ...base, ...c });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('user task escalation config', () => {
  it('reassign needs a group', () => {
    expect(problems({ escalation: 'reassign' })).toEqual(['escalateToGroup: Escalate to group is required when overdue tasks are reassigned']);
    expect(problems({ escalation: 'reassign', escalateToGroup: 'leads' })).toEqual([]);
  });

  it('a reminder may reassign too; interrupting and none may not', () => {
    expect(problems({ escalation: 'nonInterrupting', escalateToGroup: 'leads' })).toEqual([]);
    expect(problems({ escalation: 'interrupting', escalateToGroup: 'leads' })[0]).toMatch(/^escalateToGroup: an interrupting escalation closes the task/);
    expect(problems({ escalation: 'none', escalateToGroup: 'leads' })[0]).toMatch(/^escalateToGroup: Escalate to group has no effect/);
  });

  it('reassign has no extra port and needs a due date', () => {
    expect(userTask.outputs({ ...base, escalation: 'reassign', escalateToGroup: 'leads' } as never).map((p) => p.id)).toEqual(['approve', 'reject']);
    expect(problems({ escalation: 'reassign', escalateToGroup: 'leads', dueIn: '' })[0]).toMatch(/^dueIn: Due in \(or a due expression\) is required/);
    expect(userTask.summary!({ ...base, escalation: 'reassign', escalateToGroup: 'leads' } as never)).toBe('anyone · overdue → leads');
  });
});

describe('card summary names', () => {
  it('shows people and groups by name when the app knows them, ids otherwise', () => {
    const names = { person: (id: string) => ({ usr_1: 'Priya Nair' })[id] ?? id, group: (id: string) => ({ finance: 'Finance' })[id] ?? id };
    const c = { ...userTask.defaults(), assignee: 'usr_1', candidateUsers: 'usr_1, sam', candidateGroups: 'finance', requiredApprovals: 2 } as never;
    expect(userTask.summary!(c, names)).toBe('for Priya Nair, sam, group Finance · 2 approvals');
    expect(userTask.summary!(c)).toBe('for usr_1, sam, group finance · 2 approvals');
  });
});
