import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

export type TaskView = inferRouterOutputs<AppRouter>['tasks']['get'];

/** Past tense of an outcome label for the success banner: `Approve` → `Approved`, `Send back` → `“Send back” chosen`. */
export function decided(label: string): string {
  const w = label.trim();
  if (!/^[A-Za-z]+$/.test(w)) return `“${w}” chosen`;
  if (/ed$/i.test(w)) return w;
  if (/e$/i.test(w)) return w + 'd';
  if (/[^aeiou]y$/i.test(w)) return w.slice(0, -1) + 'ied';
  return w + 'ed';
}
