/** Checks a for-each step's evaluated items (pure, testable without the server). */
import type { Json } from '../../engine/types';
import { MAX_FOR_EACH_ITEMS } from './definition';

/** The items as an array, or why they cannot be iterated (`NOT_AN_ARRAY`, `TOO_MANY_ITEMS`). */
export function checkItems(value: unknown): { ok: true; items: Json[] } | { ok: false; code: 'NOT_AN_ARRAY' | 'TOO_MANY_ITEMS'; error: string } {
  if (!Array.isArray(value)) {
    const what = value === null || value === undefined ? 'nothing' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return { ok: false, code: 'NOT_AN_ARRAY', error: `items must be an array, but the expression gave ${what}` };
  }
  if (value.length > MAX_FOR_EACH_ITEMS) {
    return { ok: false, code: 'TOO_MANY_ITEMS', error: `${value.length} items are more than the ${MAX_FOR_EACH_ITEMS} a for-each step may run` };
  }
  return { ok: true, items: value as Json[] };
}
