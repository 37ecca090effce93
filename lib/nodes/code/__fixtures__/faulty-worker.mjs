/**
 * The real sandbox worker with two faults a test can trigger by the code it sends:
 * code containing `__hang__` blocks the thread for good (it never answers), code
 * containing `__crash__` throws an uncaught error (the worker thread dies). Any other
 * code runs in QuickJS as usual. Used by `pool.test.ts` to check recovery.
 */
import { parentPort } from 'node:worker_threads';

// Registered before the real worker's listener, so it sees each message first.
// A worker's port is an EventTarget: a throwing listener does not stop the others, so
// the fault listener stops the real worker's listener from seeing the message first.
parentPort.addEventListener('message', (event) => {
  const msg = event.data;
  if (typeof msg?.code !== 'string') return;
  if (msg.code.includes('__hang__')) {
    for (;;) {
      // Busy forever: only terminating the thread ends this.
    }
  }
  if (msg.code.includes('__crash__')) {
    event.stopImmediatePropagation();
    throw new Error('the worker crashed on purpose');
  }
});

await import('../sandbox-worker.mjs');
