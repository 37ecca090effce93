/**
 * The router's choice, a pure function of its config, each candidate's statistics
 * (`stats.ts`) and an injected uniform random source. The runner calls it with what it
 * read from storage and records the returned decision in the run's log (`router.chose`).
 *
 * `adaptive` is Thompson sampling (W. R. Thompson, "On the likelihood that one unknown
 * probability exceeds another in view of the evidence of two samples", Biometrika 25,
 * 1933; D. Russo, B. Van Roy, A. Kazerouni, I. Osband, Z. Wen, "A Tutorial on Thompson
 * Sampling", Foundations and Trends in Machine Learning 11(1), 2018): each candidate's
 * success probability has the posterior Beta(successes + 1, failures + 1) over its last
 * `window` outcomes (a uniform prior); one value is drawn from each posterior and the
 * highest draw wins. Candidates whose draws are within {@link NEAR_TIE} of the best are
 * near-ties, and the one with the lowest median latency among them is taken. Sampling
 * explores an uncertain candidate in proportion to the chance that it is the best, and
 * the window lets it notice a service that degrades.
 */
import { sampleBeta, type Random } from './beta';
import { ROUTER_DEFAULT_PORT, type RouterConfig, type RouterPolicy } from './definition';
import type { CandidateStats } from './stats';

/** Draws closer than this to the best one are near-ties, decided by latency. */
export const NEAR_TIE = 0.02;

/** A candidate's statistics as recorded with a decision; `sample`: its Thompson draw (adaptive only). */
export type SeenCandidate = CandidateStats & { sample?: number };

/**
 * Why a router chose what it chose (recorded as `router.chose`'s `decision`).
 * `chosen`: the port taken (a candidate id, or `default` when every breaker was open).
 * `probe`: the chosen candidate's breaker was half-open and this run is its probe.
 */
export interface RouterDecision {
  policy: RouterPolicy;
  chosen: string;
  probe: boolean;
  reason: string;
  candidates: SeenCandidate[];
}

export interface ChooseOptions {
  random: Random;
  /** True when the port has an edge. Candidates without one are never chosen. */
  connected: (port: string) => boolean;
}

/**
 * Chooses a candidate (see the module docstring). A half-open candidate gets its probe
 * first. Returns null when every candidate is open (or unconnected) and `default` has no
 * edge: the caller fails the step (`ROUTER_NO_CANDIDATE`).
 */
export function choose(config: RouterConfig, stats: CandidateStats[], opts: ChooseOptions): RouterDecision | null {
  const seen: SeenCandidate[] = stats.map((s) => ({ ...s }));
  const eligible = seen.filter((s) => s.breaker !== 'open' && opts.connected(s.id));
  const decide = (chosen: SeenCandidate | null, probe: boolean, why: string): RouterDecision => ({
    policy: config.policy,
    chosen: chosen ? chosen.id : ROUTER_DEFAULT_PORT,
    probe,
    reason: explain(seen, chosen, why),
    candidates: seen,
  });
  if (eligible.length === 0) return opts.connected(ROUTER_DEFAULT_PORT) ? decide(null, false, 'every candidate’s breaker is open') : null;
  const probe = eligible.find((s) => s.breaker === 'halfOpen');
  if (probe) return decide(probe, true, 'probe after the cooldown');
  switch (config.policy) {
    case 'adaptive': {
      for (const s of eligible) s.sample = round4(sampleBeta(s.succeeded + 1, s.failed + 1, opts.random));
      const best = Math.max(...eligible.map((s) => s.sample!));
      const ties = eligible.filter((s) => s.sample! >= best - NEAR_TIE);
      const pick = ties.reduce((a, b) => (latency(b) < latency(a) ? b : a));
      return decide(pick, false, ties.length > 1 ? 'near-tie on sampled success, lower latency' : 'highest sampled success rate');
    }
    case 'roundRobin': {
      const total = seen.reduce((n, s) => n + s.chosen, 0);
      return decide(eligible[total % eligible.length]!, false, 'next in turn');
    }
    case 'weighted': {
      const weightOf = (s: SeenCandidate) => config.candidates.find((c) => c.id === s.id)?.weight ?? 1;
      const sum = eligible.reduce((n, s) => n + weightOf(s), 0);
      let r = opts.random() * (sum > 0 ? sum : eligible.length);
      let pick = eligible[eligible.length - 1]!;
      for (const s of eligible) {
        r -= sum > 0 ? weightOf(s) : 1;
        if (r < 0) {
          pick = s;
          break;
        }
      }
      return decide(pick, false, sum > 0 ? `weight ${weightOf(pick)} of ${sum}` : 'at random (all weights 0)');
    }
    case 'lowestLatency': {
      const untried = eligible.find((s) => s.p50Ms === null);
      if (untried) return decide(untried, false, 'not tried yet');
      const pick = eligible.reduce((a, b) => (latency(b) < latency(a) ? b : a));
      return decide(pick, false, `lowest p50 (${pick.p50Ms} ms)`);
    }
  }
}

function latency(s: CandidateStats): number {
  return s.p50Ms ?? Number.POSITIVE_INFINITY;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** `B 97% of 312`, or `B untried`. */
export function rateText(s: CandidateStats): string {
  const n = s.succeeded + s.failed;
  return n === 0 ? `${s.label} untried` : `${s.label} ${Math.round((100 * s.succeeded) / n)}% of ${n}`;
}

/**
 * The sentence the run view shows, e.g. `B: A’s breaker is open; highest sampled success
 * rate; B 97% of 312`. `chosen` null: the default branch.
 */
export function explain(seen: CandidateStats[], chosen: CandidateStats | null, why: string): string {
  const parts = seen.filter((s) => s.breaker === 'open').map((s) => `${s.label}’s breaker is open`);
  parts.push(why);
  if (chosen) parts.push(rateText(chosen));
  return `${chosen ? chosen.label : 'Default'}: ${parts.join('; ')}`;
}
