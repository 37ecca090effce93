/**
 * The router node against a real HTTP server on 127.0.0.1, on a real SQLite file, with
 * real sampling (Math.random in the runner and in the server): the adaptive policy
 * learns the better candidate, the circuit breaker moves traffic off a candidate that
 * fails every time, and the regret against the best fixed choice is measured and printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, http, node } from '@/tests/helpers/docs';
import { summarize } from '@/lib/nodes/router/stats';

/** Failure probability per candidate path, changed by the test between phases. */
const failRate: Record<string, number> = { a: 0.4, b: 0.05 };
let target: Awaited<ReturnType<typeof startServer>>;
let t: TestApp;

beforeAll(async () => {
  t = openTestApp('router');
  target = await startServer((req, res) => {
    const which = req.url.slice(1);
    if (Math.random() < (failRate[which] ?? 1)) sendJson(res, 503, { error: `${which} is unavailable` });
    else sendJson(res, 200, { served: which });
  });
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await target.close();
});

/**
 * Failures in a row that open a breaker. A fails 40 % of the time, so with 5 it would
 * open its own breaker in about one phase 2 out of five (0.4^5 per stretch); with 10
 * that happens in about one run of this test in 500 (both breakers open: no candidate).
 */
const FAILURES = 10;

async function routedWorkflow(name: string): Promise<string> {
  return publish(
    t.app,
    doc(
      name,
      [
        node('start', 'manualTrigger'),
        node('route', 'router', { candidates: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], policy: 'adaptive', window: 200, breaker: { failures: FAILURES, cooldownMs: 600_000 } }),
        http('callA', `${target.url}/a`),
        http('callB', `${target.url}/b`),
        node('done', 'end', { output: '$steps.route.output.candidate' }),
      ],
      [edge('start', 'route'), edge('route', 'callA', 'a'), edge('route', 'callB', 'b'), edge('callA', 'done'), edge('callB', 'done')],
    ),
  );
}

/** Runs the workflow once to its end; returns the candidate chosen, whether the run succeeded, and the recorded decision. */
async function runOnce(workflowId: string) {
  const { runId } = await t.app.runs.start({ workflowId, input: {}, startedBy: 'test' });
  const run = await waitFor(() => ended(t.app, runId));
  const chose = (await t.app.runs.events(runId, 0)).find((r) => r.type === 'router.chose');
  if (!chose || chose.type !== 'router.chose') throw new Error(`run ${runId} logged no router.chose (${run.status}: ${JSON.stringify(run.error)})`);
  return { runId, candidate: chose.port, ok: run.status === 'succeeded', decision: chose.decision as { reason: string; policy: string; candidates: Array<{ id: string; breaker: string }> } };
}

describe('router (adaptive, Thompson sampling)', () => {
  it('learns the better candidate, opens the breaker of a failing one, and measures its regret', async () => {
    const wf = await routedWorkflow('routed');
    // Phase 1: A fails 40 %, B 5 %. The best fixed choice is B (success 0.95).
    const phase1: Array<{ candidate: string; ok: boolean }> = [];
    for (let i = 0; i < 300; i++) phase1.push(await runOnce(wf));
    const last100 = phase1.slice(-100);
    const bShare = last100.filter((r) => r.candidate === 'b').length / 100;
    expect(bShare).toBeGreaterThanOrEqual(0.85);
    // Every run's outcome was recorded once, with the transition that ended its branch.
    const h1 = await t.app.storage.routers.history(wf, 'route', ['a', 'b'], 200);
    expect(h1.a!.chosen + h1.b!.chosen).toBe(300);
    expect(h1.a!.pendingSince).toBeNull();
    expect(h1.b!.pendingSince).toBeNull();
    const recordedOk = h1.a!.recent.filter((o) => o.ok).length + h1.b!.recent.filter((o) => o.ok).length;
    const windowRuns = phase1.filter((r) => r.candidate === 'a').slice(-200).concat(phase1.filter((r) => r.candidate === 'b').slice(-200));
    expect(recordedOk).toBe(windowRuns.filter((r) => r.ok).length);

    // Phase 2: B fails every time. Its breaker opens after FAILURES failures in a row and traffic moves to A.
    failRate.b = 1;
    const phase2: Array<{ candidate: string; ok: boolean; decision: { reason: string } }> = [];
    for (let i = 0; i < 40; i++) phase2.push(await runOnce(wf));
    const bRuns = phase2.filter((r) => r.candidate === 'b');
    // B was tried until its breaker opened — at most FAILURES runs (fewer when phase 1 ended
    // on a B failure: the streak carries over) — and never after (the cooldown is 10 min).
    expect(bRuns.length).toBeGreaterThanOrEqual(1);
    expect(bRuns.length).toBeLessThanOrEqual(FAILURES);
    expect(bRuns.every((r) => !r.ok)).toBe(true);
    const lastB = phase2.findLastIndex((r) => r.candidate === 'b');
    expect(phase2.slice(lastB + 1).every((r) => r.candidate === 'a')).toBe(true);
    expect(phase2.length - lastB - 1).toBeGreaterThanOrEqual(40 - 3 * FAILURES);
    expect(phase2[phase2.length - 1]!.decision.reason).toMatch(/^A: B’s breaker is open; .*A \d+% of \d+$/);
    const h2 = await t.app.storage.routers.history(wf, 'route', ['a', 'b'], 200);
    expect(summarize('b', 'B', h2.b!, { failures: FAILURES, cooldownMs: 600_000 }, Date.now()).breaker).toBe('open');

    // Regret (expected, in lost successes) against the best fixed choice of each phase:
    // phase 1 B (p = 0.95 vs A 0.60), phase 2 A (0.60 vs B 0).
    const regret1 = phase1.filter((r) => r.candidate === 'a').length * (0.95 - 0.6);
    const regret2 = bRuns.length * 0.6;
    const aIn1 = phase1.filter((r) => r.candidate === 'a').length;
    console.log(
      `router proof: phase 1 (300 runs, A fails 40 %, B 5 %): A chosen ${aIn1}×, B ${300 - aIn1}×; last 100: ${Math.round(bShare * 100)} % B; ` +
        `successes ${phase1.filter((r) => r.ok).length}/300; regret vs always-B ${regret1.toFixed(1)} expected successes (${((100 * regret1) / 300).toFixed(1)} % of runs). ` +
        `Phase 2 (B fails 100 %): B tried ${bRuns.length}× before its breaker opened (failures = ${FAILURES}); regret vs always-A ${regret2.toFixed(1)}.`,
    );
    expect(regret1).toBeLessThan(300 * 0.35 * 0.25); // far below choosing at random (52.5 expected successes lost)
  }, 300_000);

  it('counts a branch that takes an error port as a failure, and a retried run reuses its recorded choice', async () => {
    failRate.a = 1;
    failRate.b = 1;
    const wf = await publish(
      t.app,
      doc(
        'routed-errors',
        [
          node('start', 'manualTrigger'),
          node('route', 'router', { candidates: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], policy: 'roundRobin', breaker: { failures: 50, cooldownMs: 1000 } }),
          http('callA', `${target.url}/a`),
          http('callB', `${target.url}/b`),
          node('handled', 'end', { output: '"handled"' }),
          node('done', 'end', { output: '"done"' }),
        ],
        [edge('start', 'route'), edge('route', 'callA', 'a'), edge('route', 'callB', 'b'), edge('callA', 'handled', 'error'), edge('callA', 'done'), edge('callB', 'done')],
      ),
    );
    // Round robin: A first. A's failure leaves through its error port: the run succeeds, the branch failed.
    const first = await runOnce(wf);
    expect(first).toMatchObject({ candidate: 'a', ok: true });
    let h = await t.app.storage.routers.history(wf, 'route', ['a', 'b'], 10);
    expect(h.a!.recent.map((o) => o.ok)).toEqual([false]);
    // Then B, whose failure fails the run.
    const second = await runOnce(wf);
    expect(second).toMatchObject({ candidate: 'b', ok: false });
    h = await t.app.storage.routers.history(wf, 'route', ['a', 'b'], 10);
    expect(h.b!.recent.map((o) => o.ok)).toEqual([false]);
    // Retry the failed run once B works again: it goes on from callB; the router is not asked again.
    failRate.b = 0;
    await t.app.runs.retry(second.runId, 'test');
    const retried = await waitFor(async () => {
      const r = await ended(t.app, second.runId);
      return r && r.status !== 'failed' ? r : null;
    });
    expect(retried.status).toBe('succeeded');
    const events = await t.app.runs.events(second.runId, 0);
    expect(events.filter((r) => r.type === 'router.chose')).toHaveLength(1);
    expect(events.filter((r) => r.type === 'step.activated' && r.nodeId === 'callB')).toHaveLength(2);
    // The branch's outcome was recorded when it first ended; the retry does not add another.
    h = await t.app.storage.routers.history(wf, 'route', ['a', 'b'], 10);
    expect(h.b).toMatchObject({ chosen: 1, pendingSince: null });
    expect(h.b!.recent.map((o) => o.ok)).toEqual([false]);
  }, 60_000);
});
