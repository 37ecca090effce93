/**
 * Failover on PostgreSQL: two Baton processes (`next start`, `BATON_ROLE=all`,
 * `BATON_LEASE_MS`=3 s) on one database, and a loopback HTTP server that holds the first
 * call of each step (by its `Idempotency-Key`) for a given time and answers later calls
 * at once, numbering them.
 *
 * 1. A step held for more than three leases on a live process keeps its lease (the
 *    runner's heartbeat): no second call, the lease stays with the same process, the run
 *    ends with the first call's answer.
 * 2. The process executing a step held far longer than the lease (found by the job's
 *    lease owner, `runner-<pid>-…`) still holds it after one and a half leases, then is
 *    SIGKILLed: the other process calls again and finishes the run within the lease time
 *    plus one second after the kill (measured from the kill to the run's `run.succeeded`
 *    record, printed).
 *
 * Timing-sensitive: it runs in the isolated pass, one file at a time. Needs a production
 * build and PostgreSQL (a missing server fails it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOW_LOOPBACK } from '../helpers/http-server';
import { adminHeaders } from '../helpers/people';
import { startCluster, type Cluster } from '../helpers/cluster';
import { pgRunReads } from '../helpers/chaos-reads';
import { foldLogSegments } from '../helpers/log';
import { api } from '../helpers/chaos';
import { doc, edge, node } from '../helpers/docs';
import { waitFor } from '../helpers/wait';

const LEASE_MS = 3000;

/** Calls the holding server received: Idempotency-Key and arrival time (epoch ms). */
const calls: { key: string; at: number }[] = [];
let holdServer: http.Server;
let holdUrl: string;
let cluster: Cluster;
let reads: ReturnType<typeof pgRunReads>;
let auth: Record<string, string>;

beforeAll(async () => {
  // `/hold?ms=N`: the first call of a key is answered after N ms (or never, if its client
  // goes away first), later calls at once; the answer says which call it was.
  holdServer = http.createServer((req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const holdMs = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    const call = calls.filter((c) => c.key === key).length + 1;
    calls.push({ key, at: Date.now() });
    req.resume();
    const answer = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ call }));
    };
    const timer = setTimeout(answer, call === 1 ? holdMs : 0);
    res.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((r) => holdServer.listen(0, '127.0.0.1', r));
  holdUrl = `http://127.0.0.1:${(holdServer.address() as AddressInfo).port}`;
  cluster = await startCluster(2, { BATON_HTTP_ALLOW: ALLOW_LOOPBACK, BATON_LEASE_MS: String(LEASE_MS), BATON_PG_POOL_MAX: '5' });
  reads = pgRunReads(cluster.db.url);
  auth = await adminHeaders(cluster.server(0)!);
}, 180_000);

afterAll(async () => {
  await reads?.close();
  await cluster?.close();
  holdServer.closeAllConnections();
  await new Promise((r) => holdServer.close(r));
});

/** Publishes start → HTTP GET `/hold?ms=holdMs` → end `{ status, call }`; resolves to the workflow id. */
async function publishHolding(name: string, holdMs: number, timeoutMs: number): Promise<string> {
  const base = cluster.server(0)!.baseUrl;
  const flow = doc(
    name,
    [
      node('start', 'manualTrigger'),
      node('call', 'http', { method: 'GET', url: `${holdUrl}/hold?ms=${holdMs}`, headers: [], body: '', timeoutMs, failOnHttpError: true }),
      node('done', 'end', { output: '{ "status": $steps.call.output.status, "call": $steps.call.output.body.call }' }),
    ],
    [edge('start', 'call'), edge('call', 'done')],
  );
  const { id } = await api(base, auth, 'POST', '/api/v1/workflows', flow);
  await api(base, auth, 'POST', `/api/v1/workflows/${id}/publish`);
  return id;
}

/** Index of the process whose runner holds the lease `owner` (`runner-<pid>-…`). */
function holderIndex(owner: string): number {
  const pid = Number(/^runner-(\d+)-/.exec(owner)?.[1]);
  const i = [0, 1].find((n) => cluster.server(n)?.proc.pid === pid);
  if (i === undefined) throw new Error(`no process has pid ${pid} (lease owner ${owner})`);
  return i;
}

/** The run once it has ended (read through `via`); `each()` runs before every look. */
function ended(via: string, runId: string, timeoutMs: number, each?: () => Promise<void>): Promise<{ status: string; output: unknown }> {
  return waitFor(async () => {
    await each?.();
    const run = (await api(via, auth, 'GET', `/api/v1/runs/${runId}`)) as { status: string; output: unknown };
    return run.status === 'running' || run.status === 'waiting' ? null : run;
  }, timeoutMs);
}

describe(`failover between two processes on PostgreSQL (lease ${LEASE_MS} ms)`, () => {
  it('a step that outlasts three leases stays with the live process executing it', async () => {
    const holdMs = 3 * LEASE_MS + 500;
    const id = await publishHolding(`long step ${Date.now()}`, holdMs, 30_000);
    const { runId } = await api(cluster.server(1)!.baseUrl, auth, 'POST', `/api/v1/workflows/${id}/runs`, { input: {} });
    const key = `${runId}:call#1`;
    const job = await waitFor(async () => {
      const j = await reads.jobOf(runId);
      return j?.leaseOwner && calls.some((c) => c.key === key) ? j : null;
    }, 30_000);
    const owners = new Set<string>([job.leaseOwner!]);
    const leases = new Set<number>([job.leaseUntil!]);
    // Watch the job's lease until the run has ended.
    const run = await ended(cluster.server(0)!.baseUrl, runId, 60_000, async () => {
      const j = await reads.jobOf(runId);
      if (j?.leaseOwner) owners.add(j.leaseOwner);
      if (j?.leaseUntil) leases.add(j.leaseUntil);
    });
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ status: 200, call: 1 });
    expect(calls.filter((c) => c.key === key)).toHaveLength(1);
    expect([...owners]).toEqual([job.leaseOwner]);
    expect(leases.size).toBeGreaterThanOrEqual(4); // claimed, then extended every second
  }, 120_000);

  it('the other process finishes the run of a killed process within the lease time plus one second', async () => {
    const id = await publishHolding(`failover ${Date.now()}`, 120_000, 180_000);
    const { runId } = await api(cluster.server(0)!.baseUrl, auth, 'POST', `/api/v1/workflows/${id}/runs`, { input: {} });
    const key = `${runId}:call#1`;
    const job = await waitFor(async () => {
      const j = await reads.jobOf(runId);
      return j?.leaseOwner && calls.some((c) => c.key === key) ? j : null;
    }, 30_000);
    const holder = holderIndex(job.leaseOwner!);
    const other = cluster.server(1 - holder)!;
    // Alive, the holder keeps the step past its first lease.
    await new Promise((r) => setTimeout(r, 1.5 * LEASE_MS));
    const held = await reads.jobOf(runId);
    expect(held?.leaseOwner).toBe(job.leaseOwner);
    expect(calls.filter((c) => c.key === key)).toHaveLength(1);

    const killedAt = Date.now();
    await cluster.crash(holder);
    const run = await ended(other.baseUrl, runId, 4 * LEASE_MS + 30_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ status: 200, call: 2 });
    const log = foldLogSegments((await reads.logs()).get(runId) ?? []);
    const succeededAt = log.records.find((r) => r.type === 'run.succeeded')!.at;
    const failoverMs = succeededAt - killedAt;
    const takenOverAfterMs = calls.filter((c) => c.key === key)[1].at - killedAt;
    console.log(`failover: lease ${LEASE_MS} ms; the other process called again ${takenOverAfterMs} ms and finished the run ${failoverMs} ms after the SIGKILL (bound ${LEASE_MS + 1000} ms)`);
    expect(log.gaps).toBe(0);
    expect(calls.filter((c) => c.key === key)).toHaveLength(2);
    expect(failoverMs).toBeGreaterThan(0);
    expect(failoverMs).toBeLessThanOrEqual(LEASE_MS + 1000);
  }, 180_000);
});
