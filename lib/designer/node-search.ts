/**
 * Searching the node catalog (palette, node picker) and a workflow's nodes (connect
 * by keyboard). Every word of the query must occur in an item's label, id, keywords
 * or description (case-insensitive); matches rank label first, then keywords, then
 * description, and keep catalog order within a rank.
 */
import type { NodeTypeDefinition } from '@/lib/nodes/types';

/** What a search looks at in one item. */
export interface Searchable {
  label: string;
  /** Type id or node id. */
  id: string;
  keywords?: readonly string[];
  description?: string;
}

/** Rank of `item` for `query`: 0 best; -1 when it does not match. An empty query matches everything with rank 0. */
export function searchRank(item: Searchable, query: string): number {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const label = `${item.label} ${item.id}`.toLowerCase();
  const keywords = (item.keywords ?? []).join(' ').toLowerCase();
  const description = (item.description ?? '').toLowerCase();
  let rank = 0;
  for (const w of words) {
    if (label.includes(w)) continue;
    if (keywords.includes(w)) rank = Math.max(rank, 1);
    else if (description.includes(w)) rank = Math.max(rank, 2);
    else return -1;
  }
  return rank;
}

/** The items matching `query`, best first (stable within a rank). */
export function searchItems<T extends Searchable>(items: readonly T[], query: string): T[] {
  return items
    .map((item, i) => ({ item, i, rank: searchRank(item, query) }))
    .filter((x) => x.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.item);
}

/** The searchable view of a node type. */
export function nodeTypeSearchable(t: Pick<NodeTypeDefinition, 'type' | 'label' | 'description' | 'keywords'>): Searchable {
  return { id: t.type, label: t.label, keywords: t.keywords, description: t.description };
}

/** The node types matching `query` (see the module comment). */
export function searchNodeTypes<T extends Pick<NodeTypeDefinition, 'type' | 'label' | 'description' | 'keywords'>>(types: readonly T[], query: string): T[] {
  const items = types.map((t) => ({ ...nodeTypeSearchable(t), def: t }));
  return searchItems(items, query).map((x) => x.def);
}
