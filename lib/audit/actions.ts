/**
 * Every action the audit log records, grouped as the audit page's filter shows them.
 * The single list for the writers (`server/services/audit.ts` types `action` with it)
 * and for the page's filter.
 */
export const AUDIT_ACTION_GROUPS = {
  'Sign-in': ['auth.sign_in', 'auth.sign_in_refused', 'auth.account_locked', 'auth.sign_out', 'auth.session_revoke'],
  Workflows: ['workflow.create', 'workflow.import', 'workflow.rename', 'workflow.save', 'workflow.publish', 'workflow.delete'],
  Runs: ['run.start', 'run.cancel', 'run.retry'],
  Tasks: ['task.claim', 'task.unclaim', 'task.delegate', 'task.approve', 'task.complete', 'task.escalated'],
  Credentials: ['credential.create', 'credential.update', 'credential.delete'],
  Settings: ['settings.update'],
  People: ['user.setup', 'user.create', 'user.update', 'user.password_set', 'user.password_changed', 'group.create', 'group.update', 'group.members', 'group.delete', 'api_key.create', 'api_key.update', 'api_key.revoke'],
} as const;

export type AuditAction = (typeof AUDIT_ACTION_GROUPS)[keyof typeof AUDIT_ACTION_GROUPS][number];

export const AUDIT_ACTIONS: readonly AuditAction[] = Object.values(AUDIT_ACTION_GROUPS).flat();
