'use client';
/**
 * Names for the ids a node config stores (people, groups), for canvas cards: one
 * cached list of people and one of groups shared by every node (React Query dedupes).
 * Ids not (yet) known are shown as they are.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { NameLookup } from '@/lib/nodes/types';

export function useNames(enabled: boolean): NameLookup | undefined {
  const trpc = useTRPC();
  const people = useQuery(trpc.users.list.queryOptions(undefined, { staleTime: 60_000, enabled }));
  const groups = useQuery(trpc.users.groups.queryOptions(undefined, { staleTime: 60_000, enabled }));
  return useMemo(() => {
    if (!people.data && !groups.data) return undefined;
    const p = new Map((people.data ?? []).map((u) => [u.id, u.name]));
    const g = new Map((groups.data ?? []).map((x) => [x.id, x.name]));
    return { person: (id) => p.get(id) ?? id, group: (id) => g.get(id) ?? id };
  }, [people.data, groups.data]);
}
