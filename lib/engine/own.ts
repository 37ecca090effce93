/**
 * Own-property lookup for records keyed by user-chosen ids. Node and port ids are
 * free text (`constructor`, `toString` are valid ids), so `rec[id]` on a plain
 * object could return an inherited `Object.prototype` member; this never does.
 */
export function own<T>(rec: Record<string, T> | undefined, key: string): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}
