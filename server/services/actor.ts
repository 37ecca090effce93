/**
 * The acting person of a request, in one place. Until sign-in arrives the id comes
 * from the "acting as" selector (cookie `baton_user`, REST header `X-Baton-User`);
 * sign-in will supply the same id. Groups are looked up once per request.
 */
import 'server-only';

/** Who acts: a user id and the ids of the groups the user belongs to. */
export interface Actor {
  id: string;
  groups: string[];
}

/**
 * Whether the actor may list every task (the inbox's "All" tab) and read any task.
 * The single role check for it: open to everyone until accounts with roles exist,
 * then admins only.
 */
export function canSeeAllTasks(_actor: Actor): boolean {
  return true;
}
