/** The router statistics part of the OpenAPI document (see `./openapi.ts`). Pure. */
import { z } from 'zod';
import { ROUTER_POLICIES } from '@/lib/nodes/router/definition';
import { schemaOf } from './openapi-parts';

/** One router node's statistics as `GET /api/v1/workflows/{id}/routers` returns it. */
export const RouterStatsSchema = z
  .object({
    nodeId: z.string(),
    label: z.string(),
    policy: z.enum(ROUTER_POLICIES),
    window: z.number().int().meta({ description: 'Recent outcomes per candidate that count' }),
    breaker: z.object({ failures: z.number().int(), cooldownMs: z.number().int() }),
    candidates: z.array(
      z.object({
        id: z.string().meta({ description: 'Candidate id (its output port)' }),
        label: z.string(),
        chosen: z.number().int().meta({ description: 'Times chosen, all time' }),
        share: z.number().meta({ description: 'Share of the router’s choices, 0..1' }),
        succeeded: z.number().int().meta({ description: 'Successful branches within the window' }),
        failed: z.number().int().meta({ description: 'Failed branches within the window' }),
        successRate: z.number().nullable().meta({ description: 'succeeded / (succeeded + failed); null without outcomes' }),
        p50Ms: z.number().nullable().meta({ description: 'Median branch duration within the window, ms' }),
        breaker: z.enum(['closed', 'open', 'halfOpen']).meta({ description: 'open: skipped until retryAt; halfOpen: the next run is its probe' }),
        retryAt: z.string().nullable().meta({ description: 'When an open breaker lets a probe through (ISO-8601)' }),
      }),
    ),
  })
  .meta({ title: 'RouterStats' });

/** `paths` and `schemas` of the router endpoints; `errors(codes)` builds error responses as the main document does. */
export function routerOpenApi(C: string, errors: (codes: number[], overrides?: Record<number, string>) => Record<string, unknown>) {
  return {
    paths: {
      '/api/v1/workflows/{id}/routers': {
        get: {
          tags: ['workflows'],
          operationId: 'listRouterStats',
          summary: 'Router statistics of a workflow',
          description:
            'Every router node of the latest published version (else the draft), with each candidate’s share of traffic, outcomes over the node’s window, median branch duration and circuit breaker state, as the next choice would see them.',
          parameters: [{ name: 'id', in: 'path', required: true, description: 'Workflow id', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The router nodes, in document order', content: { 'application/json': { schema: { type: 'array', items: { $ref: `${C}RouterStats` } } } } },
            ...errors([404]),
          },
        },
      },
    },
    schemas: { RouterStats: schemaOf(RouterStatsSchema) },
  };
}
