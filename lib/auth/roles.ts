/**
 * Roles and what each may do: the one table every server check and every UI switch
 * reads. A person holds one or more roles (stored comma-separated on `users.roles`);
 * they may do what any of their roles allows. Reading workflows, runs and the tasks a
 * person is a candidate for needs only a signed-in account (every role).
 *
 * | permission          | admin | designer | operator | approver | viewer |
 * |---------------------|:-----:|:--------:|:--------:|:--------:|:------:|
 * | workflow.edit       |   ✔   |    ✔     |          |          |        |
 * | workflow.publish    |   ✔   |    ✔     |          |          |        |
 * | credential.manage   |   ✔   |    ✔     |          |          |        |
 * | run.start           |   ✔   |          |    ✔     |          |        |
 * | run.cancel          |   ✔   |          |    ✔     |          |        |
 * | run.retry           |   ✔   |          |    ✔     |          |        |
 * | task.act            |   ✔   |          |          |    ✔     |        |
 * | task.see_all        |   ✔   |          |          |          |        |
 * | audit.read          |   ✔   |          |          |          |        |
 * | people.manage       |   ✔   |          |          |          |        |
 * | system.read         |   ✔   |          |    ✔     |          |        |
 *
 * `task.act` is necessary, not sufficient: the task's own potential owners
 * (BPMN 2.0 §10.3.3; see `server/services/task-access.ts`) still decide who may act.
 */

export const ROLES = ['admin', 'designer', 'operator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  admin: { label: 'Admin', description: 'Everything, plus people, groups and the audit log' },
  designer: { label: 'Designer', description: 'Edits and publishes workflows; manages credentials' },
  operator: { label: 'Operator', description: 'Starts, cancels and retries runs' },
  approver: { label: 'Approver', description: 'Acts on tasks in the inbox' },
  viewer: { label: 'Viewer', description: 'Reads workflows and runs' },
};

export const PERMISSIONS = {
  'workflow.edit': ['admin', 'designer'],
  'workflow.publish': ['admin', 'designer'],
  'credential.manage': ['admin', 'designer'],
  'run.start': ['admin', 'operator'],
  'run.cancel': ['admin', 'operator'],
  'run.retry': ['admin', 'operator'],
  'task.act': ['admin', 'approver'],
  'task.see_all': ['admin'],
  'audit.read': ['admin'],
  'people.manage': ['admin'],
  'system.read': ['admin', 'operator'],
  'settings.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether a person holding `roles` has `permission`. */
export function can(roles: readonly string[], permission: Permission): boolean {
  const allowed = PERMISSIONS[permission] as readonly string[];
  return roles.some((r) => allowed.includes(r));
}

/** `"designer, operator"` → `['designer', 'operator']`: known roles only, in table order, no duplicates. */
export function parseRoles(stored: string | null | undefined): Role[] {
  const given = new Set((stored ?? '').split(',').map((r) => r.trim()));
  return ROLES.filter((r) => given.has(r));
}

/** The stored form of a role list (comma-separated, table order). */
export function formatRoles(roles: readonly string[]): string {
  return parseRoles(roles.join(',')).join(',');
}
