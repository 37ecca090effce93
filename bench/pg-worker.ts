/**
 * A second (third, …) Baton process of the PostgreSQL benchmark (`bench/pg.ts`), forked
 * with an IPC channel: `node … bench/pg-worker.ts <database url>`. It builds its own app
 * on the shared database, joins the signal relay and starts its runner (see
 * `pg-agent.ts`), sends `{ ready: true }`, then carries out each command it receives and
 * answers `{ ms }` or `{ error }`. A `{ op: 'close' }` message stops it.
 */
import { BenchAgent, type AgentCommand } from './pg-agent';

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url || !process.send) throw new Error('usage: forked with an IPC channel, argument: the database URL');
  const agent = await BenchAgent.open(url);
  process.on('message', (msg: AgentCommand | { op: 'close' }) => {
    if (msg.op === 'close') {
      void agent.close().finally(() => process.exit(0));
      return;
    }
    agent.do(msg).then(
      (a) => process.send!(a),
      (err: unknown) => process.send!({ error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
  });
  process.send({ ready: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
