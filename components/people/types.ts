/** What the People page receives from the server (tRPC outputs), and the helpers its dialogs share. */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';
import { errorIssues } from '@/lib/trpc/client';

type Outputs = inferRouterOutputs<AppRouter>;
/** A person with roles, disabled flag, whether a password is set, created (epoch ms). */
export type PersonRow = Outputs['users']['people'][number];
/** A group with its member ids. */
export type GroupRow = Outputs['groups']['list'][number];

export type PersonStatus = 'active' | 'disabled' | 'no_password';

/** Disabled wins over "no password yet": a disabled person cannot sign in either way. */
export function statusOf(p: Pick<PersonRow, 'disabled' | 'canSignIn'>): PersonStatus {
  return p.disabled ? 'disabled' : p.canSignIn ? 'active' : 'no_password';
}

/**
 * Field errors from a server refusal, keyed by the first path segment (`email`,
 * `password`, `roles`, `id`, `members`…); the first message per field wins.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of errorIssues(err)) {
    const key = String(i.path[0] ?? '');
    if (key) out[key] ??= i.message;
  }
  return out;
}

/** Whether a refusal is the "Baton needs at least one enabled admin" conflict. */
export function isLastAdminConflict(err: unknown): boolean {
  const e = err as { data?: { code?: string } } | null;
  return e?.data?.code === 'CONFLICT' && errorIssues(err).some((i) => i.message === 'last admin');
}
