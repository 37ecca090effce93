'use client';
/**
 * Collapsible, syntax-tinted JSON with a copy button. Objects and arrays fold; deep
 * levels start folded; huge arrays and strings are cut with a "show more" so a large
 * payload never freezes the page.
 */
import { Check, Copy } from 'lucide-react';
import { useState, type ReactNode } from 'react';

const MAX_CHILDREN = 100;
const MAX_STRING = 600;

export function JsonView({ value, label, defaultDepth = 2, className = '', testId }: { value: unknown; label?: string; defaultDepth?: number; className?: string; testId?: string }) {
  return (
    <div data-testid={testId} className={`group/json relative rounded-lg border border-slate-200 bg-slate-50/70 ${className}`}>
      {label && <div className="border-b border-slate-200 px-3 py-1.5 text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>}
      <CopyButton text={() => stringify(value)} className="absolute right-1.5 top-1.5" />
      <div className="max-h-96 overflow-auto py-2 pl-5 pr-10 font-mono text-xs leading-5 text-slate-800">
        <Node value={value} depth={0} defaultDepth={defaultDepth} />
      </div>
    </div>
  );
}

function stringify(value: unknown): string {
  if (value === undefined) return '';
  try {
    return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function CopyButton({ text, className = '', label = 'Copy' }: { text: () => string; className?: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text());
        } catch {
          // Clipboard may be unavailable (insecure context); fall back to a hidden textarea.
          const ta = document.createElement('textarea');
          ta.value = text();
          document.body.appendChild(ta);
          ta.select();
          document.execCommand('copy');
          ta.remove();
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1200);
      }}
      className={`z-10 inline-flex h-7 items-center gap-1 rounded-md border border-slate-200 bg-white/90 px-1.5 text-[11px] font-medium text-slate-500 opacity-70 shadow-sm transition hover:text-slate-800 hover:opacity-100 group-hover/json:opacity-100 ${className}`}
    >
      {copied ? (
        <>
          <Check aria-hidden className="h-3.5 w-3.5 text-emerald-700" />
          Copied
        </>
      ) : (
        <Copy aria-hidden className="h-3.5 w-3.5" />
      )}
    </button>
  );
}

/** A primitive, tinted by type. */
export function JsonPrimitive({ value }: { value: unknown }) {
  if (value === null) return <span className="text-slate-500">null</span>;
  if (value === undefined) return <span className="text-slate-500">—</span>;
  if (typeof value === 'string') return <LongString s={value} />;
  if (typeof value === 'number') return <span className="text-sky-700">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="text-violet-700">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function LongString({ s }: { s: string }) {
  const [all, setAll] = useState(false);
  const cut = !all && s.length > MAX_STRING;
  return (
    <span className="whitespace-pre-wrap break-words text-emerald-700">
      &quot;{cut ? s.slice(0, MAX_STRING) : s}
      {cut && (
        <button type="button" onClick={() => setAll(true)} className="mx-1 rounded bg-slate-200 px-1 text-[10px] text-slate-600 hover:bg-slate-300">
          +{s.length - MAX_STRING} chars
        </button>
      )}
      &quot;
    </span>
  );
}

function Node({ value, depth, defaultDepth, name, last = true }: { value: unknown; depth: number; defaultDepth: number; name?: ReactNode; last?: boolean }) {
  const [open, setOpen] = useState(depth < defaultDepth);
  const [limit, setLimit] = useState(MAX_CHILDREN);
  const comma = last ? '' : <span className="text-slate-500">,</span>;
  const key = name !== undefined ? <>{name}<span className="text-slate-500">: </span></> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="pl-4 -indent-4">
        {key}
        <JsonPrimitive value={value} />
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
  const [o, c] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0)
    return (
      <div>
        {key}
        <span className="text-slate-500">{o + c}</span>
        {comma}
      </div>
    );
  return (
    <div>
      <button type="button" onClick={() => setOpen(!open)} className="-ml-3.5 inline-flex items-baseline text-left hover:bg-slate-200/60 rounded" aria-expanded={open}>
        <svg viewBox="0 0 10 10" className={`mr-1 h-2.5 w-2.5 self-center text-slate-500 transition-transform ${open ? 'rotate-90' : ''}`} aria-hidden>
          <path d="M3 1.5 7 5l-4 3.5z" fill="currentColor" />
        </svg>
        {key}
        <span className="text-slate-500">{o}</span>
        {!open && (
          <>
            <span className="mx-1 rounded bg-slate-200/80 px-1 text-[10px] text-slate-500">{isArray ? `${entries.length} items` : `${entries.length} keys`}</span>
            <span className="text-slate-500">{c}</span>
            {comma}
          </>
        )}
      </button>
      {open && (
        <>
          <div className="ml-[-9px] border-l border-slate-200 pl-[21px]">
            {entries.slice(0, limit).map(([k, v], i) => (
              <Node
                key={k}
                value={v}
                depth={depth + 1}
                defaultDepth={defaultDepth}
                name={isArray ? undefined : <span className="text-indigo-700">&quot;{k}&quot;</span>}
                last={i === Math.min(limit, entries.length) - 1 && entries.length <= limit}
              />
            ))}
            {entries.length > limit && (
              <button type="button" onClick={() => setLimit(limit + MAX_CHILDREN * 5)} className="my-0.5 rounded bg-slate-200 px-1.5 text-[10px] text-slate-600 hover:bg-slate-300">
                show {Math.min(entries.length - limit, MAX_CHILDREN * 5)} more of {entries.length - limit}
              </button>
            )}
          </div>
          <div>
            <span className="text-slate-500">{c}</span>
            {comma}
          </div>
        </>
      )}
    </div>
  );
}
