'use client';
/**
 * Cells of the audit table that turn ids into what people recognise: the object as a
 * name with a link (a workflow opens in the designer, a run in the run view, a task in
 * the inbox, a person or group on the People page), and details whose person, workflow
 * and run ids read as names and links too. Unknown ids (deleted objects) stay as ids.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Names {
  person: (id: string) => string;
  workflow: (id: string) => string | undefined;
}

const link = 'font-medium text-indigo-700 hover:underline';
const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 12)}…` : id);

/** The audited object: a name and a link where there is a page for it. */
export function AuditTarget({ type, id, details, names }: { type: string; id: string; details: Record<string, unknown>; names: Names }) {
  const detailName = typeof details.name === 'string' ? details.name : undefined;
  switch (type) {
    case 'workflow':
      return (
        <Link href={`/workflows/${encodeURIComponent(id)}`} className={link} title={id}>
          {names.workflow(id) ?? detailName ?? id}
        </Link>
      );
    case 'run': {
      const wf = typeof details.workflowId === 'string' ? names.workflow(details.workflowId) : undefined;
      return (
        <span>
          <span className="text-slate-500">Run </span>
          <Link href={`/runs/${encodeURIComponent(id)}`} className={`${link} font-mono text-xs`} title={id}>
            {shortId(id)}
          </Link>
          {wf && <span className="text-slate-500"> of {wf}</span>}
        </span>
      );
    }
    case 'task':
      return (
        <span>
          <span className="text-slate-500">Task </span>
          <Link href={`/inbox/${encodeURIComponent(id)}`} className={`${link} font-mono text-xs`} title={id}>
            {shortId(id)}
          </Link>
        </span>
      );
    case 'user':
      return (
        <Link href="/people" className={link} title={id}>
          {names.person(id)}
        </Link>
      );
    case 'group':
      return (
        <Link href="/people" className={link} title={id}>
          {detailName ?? id}
        </Link>
      );
    case 'credential':
      return (
        <Link href="/credentials" className={link} title={id}>
          {detailName ?? id}
        </Link>
      );
    case 'api_key':
      return <span title={id}>API key {detailName ? `“${detailName}”` : shortId(id)}</span>;
    default:
      return (
        <span className="font-mono text-xs">
          {type} {id}
        </span>
      );
  }
}

const PERSON_KEYS = new Set(['by', 'from', 'to', 'userId', 'assignee', 'claimedBy', 'members']);

/** One detail value: people by name, workflow and run ids as links, the rest as short JSON. */
function value(key: string, v: unknown, names: Names): ReactNode {
  if (key === 'workflowId' && typeof v === 'string')
    return (
      <Link href={`/workflows/${encodeURIComponent(v)}`} className={link}>
        {names.workflow(v) ?? v}
      </Link>
    );
  if (key === 'runId' && typeof v === 'string')
    return (
      <Link href={`/runs/${encodeURIComponent(v)}`} className={`${link} font-mono`}>
        {shortId(v)}
      </Link>
    );
  if (PERSON_KEYS.has(key) && typeof v === 'string') return names.person(v);
  if (PERSON_KEYS.has(key) && Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? names.person(x) : JSON.stringify(x))).join(', ') || '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The details of an entry as `key: value` pairs, wrapping (never clipped); the raw JSON as tooltip. */
export function AuditDetails({ details, names, skip = [] }: { details: Record<string, unknown>; names: Names; skip?: string[] }) {
  const entries = Object.entries(details).filter(([k]) => !skip.includes(k));
  if (!entries.length) return <span className="text-slate-300">—</span>;
  return (
    <span className="break-words" title={JSON.stringify(details)}>
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && <span className="text-slate-300"> · </span>}
          <span className="text-slate-500">{k}: </span>
          <span className="text-slate-700">{value(k, v, names)}</span>
        </span>
      ))}
    </span>
  );
}
