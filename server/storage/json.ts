/** JSON column helpers: `null` columns read back as `null`; unparsable text is reported, not thrown. */
export function toJson(v: unknown): string | null {
  return v === undefined ? null : JSON.stringify(v);
}

export function fromJson<T = unknown>(text: string | null | undefined): T | null {
  if (text == null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
