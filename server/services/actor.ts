/**
 * The acting person of a request, in one place: the signed-in user's id, the groups
 * they belong to and their roles, looked up once per request (see
 * `GroupService.actor`).
 */
import 'server-only';
import { can, type Role } from '@/lib/auth/roles';

/** Who acts: a user id, the ids of the groups the user belongs to, and their roles. */
export interface Actor {
  id: string;
  groups: string[];
  roles: Role[];
}

/** Whether the actor may list every task (the inbox's "All" tab) and read any task: admins (`task.see_all`). */
export function canSeeAllTasks(actor: Actor): boolean {
  return can(actor.roles, 'task.see_all');
}
