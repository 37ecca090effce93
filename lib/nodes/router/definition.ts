import { z } from 'zod';
import { defineNodeType, IN_PORT } from '../types';
import { DEFAULT_BRANCH_PORT, portIdField, uniqueBy } from '../fields';
import { ERROR_PORT } from '../../engine/ports';

/** Port taken when every candidate's breaker is open. */
export const ROUTER_DEFAULT_PORT = DEFAULT_BRANCH_PORT;

/** How a router picks among its candidates (see `policy.ts`). */
export const ROUTER_POLICIES = ['adaptive', 'roundRobin', 'weighted', 'lowestLatency'] as const;
export type RouterPolicy = (typeof ROUTER_POLICIES)[number];

/** Most candidates one router may have. */
export const MAX_CANDIDATES = 20;
/** Largest `window` (recent outcomes per candidate that count). */
export const MAX_WINDOW = 10_000;

/**
 * Router: sends each run down one of several equivalent branches ("candidates", e.g.
 * two providers of the same service) by policy, and learns from how the chosen branch
 * ended. `adaptive` (default) is Thompson sampling on each candidate's success rate over
 * its last `window` outcomes (Thompson 1933; Russo et al., "A Tutorial on Thompson
 * Sampling", 2018), with latency breaking near-ties; `roundRobin`, `weighted` (by
 * `weight`) and `lowestLatency` (p50) are the fixed alternatives. A circuit breaker per
 * candidate skips one that failed `breaker.failures` times in a row until
 * `breaker.cooldownMs` has passed, then lets one probe run through. With every breaker
 * open the run takes `default`, or fails with `ROUTER_NO_CANDIDATE` when nothing is
 * connected there.
 *
 * The choice is made by the runner (statistics are read from storage, randomness is
 * the runner's) and recorded in the log as `router.chose`, so a retry or replay of the
 * run reuses it; the engine never reads statistics. Output: `{ candidate, label, policy }`.
 */
export const routerConfig = z
  .object({
    candidates: z
      .array(
        z.object({
          id: portIdField({ title: 'Port id', description: 'Stable id of this candidate and its output' }),
          label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Label' }),
          weight: z
            .number()
            .min(0, 'Weight must not be negative')
            .max(1000, 'Weight must be at most 1000')
            .optional()
            .meta({ title: 'Weight', description: 'Share of traffic under the weighted policy (relative; unset = 1)' }),
        }),
      )
      .min(2, 'add at least two candidates')
      .max(MAX_CANDIDATES, `at most ${MAX_CANDIDATES} candidates`)
      .meta({ title: 'Candidates', description: 'Equivalent branches the router chooses between; each is an output port' }),
    policy: z
      .enum(ROUTER_POLICIES)
      .default('adaptive')
      .meta({
        title: 'Policy',
        description: 'adaptive: learns which candidate succeeds most (Thompson sampling); roundRobin: in turn; weighted: at random by weight; lowestLatency: fastest median',
      }),
    window: z
      .number()
      .int('Window must be a whole number')
      .min(1, 'Window must be at least 1')
      .max(MAX_WINDOW, `Window must be at most ${MAX_WINDOW}`)
      .default(200)
      .meta({ title: 'Window', description: 'How many recent outcomes per candidate count, so the router adapts when a service degrades' }),
    breaker: z
      .object({
        failures: z
          .number()
          .int('Failures must be a whole number')
          .min(1, 'Failures must be at least 1')
          .max(1000, 'Failures must be at most 1000')
          .default(5)
          .meta({ title: 'Failures in a row', description: 'Consecutive failures that open a candidate’s breaker' }),
        cooldownMs: z
          .number()
          .int('Cooldown (ms) must be a whole number')
          .min(0, 'Cooldown (ms) must not be negative')
          .max(86_400_000, 'Cooldown (ms) must be at most 86400000 (1 day)')
          .default(60_000)
          .meta({ title: 'Cooldown (ms)', description: 'How long an open breaker skips its candidate before one probe run is let through' }),
      })
      .default({ failures: 5, cooldownMs: 60_000 })
      .meta({ title: 'Circuit breaker' }),
  })
  .superRefine((c, ctx) => {
    const dup = uniqueBy(c.candidates, (b) => b.id);
    if (dup) ctx.addIssue({ code: 'custom', path: ['candidates'], message: `candidate id "${dup}" is used twice` });
    for (const reserved of [ROUTER_DEFAULT_PORT, ERROR_PORT])
      if (c.candidates.some((b) => b.id === reserved)) ctx.addIssue({ code: 'custom', path: ['candidates'], message: `"${reserved}" is reserved and cannot be a candidate id` });
  });
export type RouterConfig = z.infer<typeof routerConfig>;

export const router = defineNodeType({
  type: 'router',
  label: 'Router',
  description: 'Picks one of several equivalent branches by policy and learns from their outcomes.',
  keywords: ['route', 'load balance', 'adaptive', 'bandit', 'failover', 'circuit breaker', 'provider', 'thompson'],
  category: 'Flow',
  icon: 'router',
  accent: '#0ea5e9',
  behavior: 'exclusive',
  inline: true,
  configSchema: routerConfig,
  defaults: (): RouterConfig => ({
    candidates: [
      { id: 'a', label: 'Provider A' },
      { id: 'b', label: 'Provider B' },
    ],
    policy: 'adaptive',
    window: 200,
    breaker: { failures: 5, cooldownMs: 60_000 },
  }),
  inputs: () => [IN_PORT],
  outputs: (c) => [...c.candidates.map((b) => ({ id: b.id, label: b.label, required: true })), { id: ROUTER_DEFAULT_PORT, label: 'Default' }],
  summary: (c) => `${c.policy} · ${c.candidates.length} candidates`,
});
