/**
 * Polls `fn` every 20 ms until it returns (or resolves to) something truthy; throws after
 * `timeoutMs` (ms). A rejection of `fn` is thrown at once.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 15_000): Promise<Exclude<T, undefined | null | false>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as Exclude<T, undefined | null | false>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
