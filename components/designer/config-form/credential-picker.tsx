'use client';
/**
 * The control of a credential field (`widget: 'credential'`, `lib/nodes/fields.ts`): a
 * picker of stored credentials of the accepted types, by name. Only ids and names
 * reach the browser; secrets never do.
 */
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { credentialTypeSpec } from '@/lib/credentials/types';
import { INPUT } from '../ui';
import { TextControl, type ControlProps } from './controls';

function typeLabel(type: string): string {
  try {
    return credentialTypeSpec(type).label;
  } catch {
    return type;
  }
}

export function CredentialControl({ id, schema, value, onChange, invalid, testId }: ControlProps<string>) {
  const trpc = useTRPC();
  const list = useQuery(trpc.credentials.list.queryOptions(undefined, { staleTime: 10_000 }));
  const current = typeof value === 'string' ? value : '';
  if (list.isError) {
    return (
      <>
        <TextControl id={id} schema={schema} value={current} onChange={onChange} invalid={invalid} testId={testId} />
        <p className="mt-1 text-xs text-amber-700">Could not load credentials; enter the credential id.</p>
      </>
    );
  }
  const accepted = schema.credentialTypes ?? [];
  const options = (list.data ?? []).filter((c) => accepted.length === 0 || accepted.includes(c.type));
  const selected = (list.data ?? []).find((c) => c.id === current);
  const note =
    current && list.data && !selected
      ? 'This credential no longer exists. Choose another.'
      : selected && accepted.length > 0 && !accepted.includes(selected.type)
        ? `A ${typeLabel(selected.type)} cannot be used here.`
        : null;
  return (
    <>
      <div className="flex items-center gap-2">
        <div className="relative min-w-0 flex-1">
          <select
            id={id}
            data-testid={testId}
            className={`${INPUT} h-8 appearance-none pr-8`}
            value={current}
            aria-invalid={invalid || !!note || undefined}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{list.isPending ? 'Loading credentials…' : 'None'}</option>
            {current && !options.some((o) => o.id === current) && <option value={current}>{selected ? `${selected.name} (${typeLabel(selected.type)})` : 'Missing credential'}</option>}
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} · {typeLabel(c.type)}
              </option>
            ))}
          </select>
          <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 right-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
            <path d="M4.5 6.5 8 10l3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </div>
        <a href="/credentials" target="_blank" rel="noopener noreferrer" className="shrink-0 rounded px-1 text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline" title="Manage credentials in a new tab">
          Manage
        </a>
      </div>
      {note && <p className="mt-1 text-xs text-amber-700">{note}</p>}
      {!note && list.data && options.length === 0 && <p className="mt-1 text-xs text-slate-500">No suitable credential yet: add one under Credentials.</p>}
    </>
  );
}
