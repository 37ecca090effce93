/**
 * Next.js calls `register()` once per server process before the first request
 * (`next start` and `next dev`, not `next build`): stamp every request with its client
 * address (`server/auth/client-address-hook.ts`), open and migrate the database, seed
 * it on first start, create the first admin from the environment when asked, and
 * start the durable runner.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installClientAddressHook } = await import('./server/auth/client-address-hook');
  try {
    installClientAddressHook();
  } catch (err) {
    // A misconfigured proxy list must not start a server that trusts the wrong addresses.
    console.error(`[baton] not starting: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  const { boot } = await import('./server/boot');
  await boot();
}
