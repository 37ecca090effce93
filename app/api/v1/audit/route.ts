/**
 * `GET /api/v1/audit?actor=&action=&from=&to=&limit=&format=json|csv`: audit log entries,
 * newest first. `from`/`to`: ISO-8601 times or epoch ms (`to` exclusive). `format=csv`
 * answers `text/csv` (RFC 4180) as a download.
 */
import { z } from 'zod';
import { handler, json, methodNotAllowed, parseWith, queryOf } from '@/server/rest/handler';
import { auditCsv } from '@/server/services/audit';

export const dynamic = 'force-dynamic';

const time = z
  .string()
  .transform((s, ctx) => {
    const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
    if (!Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 time or epoch milliseconds' });
    return n;
  })
  .optional();

const AuditQuerySchema = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  targetType: z.string().max(100).optional(),
  targetId: z.string().max(200).optional(),
  from: time,
  to: time,
  limit: z.coerce.number().int().min(1).max(10000).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const GET = handler('audit.read', async (req, { app }) => {
  const q = parseWith(AuditQuerySchema, queryOf(req), { what: 'the query is not valid' });
  const entries = await app.audit.list({ actor: q.actor, action: q.action, targetType: q.targetType, targetId: q.targetId, from: q.from, to: q.to, limit: q.limit ?? (q.format === 'csv' ? 10000 : 200) });
  if (q.format === 'csv')
    return new Response(auditCsv(entries), {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="baton-audit.csv"', 'Cache-Control': 'no-store' },
    });
  return json(entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
