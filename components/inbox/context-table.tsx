'use client';
/** A task's context data as a readable key/value table; nested values as folded JSON. */
import { JsonPrimitive, JsonView } from '@/components/run-view/json-view';

/** `creditScore` → `Credit score`, `crm_account` → `Crm account`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

export function ContextTable({ value }: { value: unknown }) {
  if (value === null || value === undefined || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0))
    return <p className="text-sm text-slate-500">No context data.</p>;
  if (typeof value !== 'object' || Array.isArray(value)) return <JsonView value={value} />;
  return (
    <dl data-testid="task-context" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k} className="grid grid-cols-[minmax(8rem,14rem)_1fr] gap-4 px-4 py-2.5 text-sm">
          <dt className="truncate text-slate-500" title={k}>
            {humanize(k)}
          </dt>
          <dd className="min-w-0 text-slate-900">
            {v !== null && typeof v === 'object' ? (
              <JsonView value={v} defaultDepth={1} />
            ) : typeof v === 'string' ? (
              <span className="whitespace-pre-wrap break-words">{v || <span className="text-slate-500">empty</span>}</span>
            ) : v === null || v === undefined ? (
              <span className="text-slate-500">—</span>
            ) : (
              <span className="font-mono text-[13px]">
                <JsonPrimitive value={v} />
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
