'use client';
/** Leaf inputs of the generated config form (one per JSON Schema kind). */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { JsonSchema } from '@/lib/designer/json-schema';
import { INPUT } from '../ui';

export interface ControlProps<T> {
  id: string;
  schema: JsonSchema;
  value: T | undefined;
  onChange: (v: T | undefined) => void;
  invalid: boolean;
  testId: string;
}

export function TextControl({ id, schema, value, onChange, invalid, testId }: ControlProps<string>) {
  return (
    <input
      id={id}
      data-testid={testId}
      className={`${INPUT} h-8`}
      value={typeof value === 'string' ? value : value == null ? '' : String(value)}
      placeholder={schema.placeholder}
      maxLength={schema.maxLength}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Multi-line text; code (expression/template) in a monospace font. Grows with its content. */
export function MultilineControl({ id, schema, value, onChange, invalid, testId }: ControlProps<string>) {
  const text = typeof value === 'string' ? value : value == null ? '' : String(value);
  const code = schema.widget === 'expression' || schema.widget === 'template' || schema.widget === 'javascript';
  const rows = schema.widget === 'template' ? 1 : schema.widget === 'expression' ? 2 : schema.widget === 'javascript' ? 8 : 3;
  const ref = useRef<HTMLTextAreaElement>(null);
  // Grow with the content (up to a limit, then scroll).
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight + 2, 320)}px`;
  }, [text]);
  return (
    <textarea
      ref={ref}
      id={id}
      data-testid={testId}
      className={`${INPUT} resize-none leading-relaxed ${code ? 'font-mono text-[12px]' : ''} ${schema.widget === 'expression' ? 'break-all' : ''} ${schema.widget === 'javascript' ? 'whitespace-pre' : ''}`}
      rows={rows}
      spellCheck={!code}
      value={text}
      placeholder={schema.placeholder}
      maxLength={schema.maxLength}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function EnumControl({ id, schema, value, onChange, invalid, testId }: ControlProps<unknown>) {
  const options = schema.enum ?? [];
  const index = options.findIndex((o) => o === value);
  return (
    <div className="relative">
      <select
        id={id}
        data-testid={testId}
        className={`${INPUT} h-8 appearance-none pr-8`}
        value={index < 0 ? '' : String(index)}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : options[Number(e.target.value)])}
      >
        {index < 0 && <option value="">Choose…</option>}
        {options.map((o, i) => (
          <option key={i} value={String(i)}>
            {String(o)}
          </option>
        ))}
      </select>
      <svg viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 right-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden>
        <path d="M4.5 6.5 8 10l3.5-3.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </div>
  );
}

/** A switch. `label` sits beside it (booleans have their title on the same row). */
export function BooleanControl({ id, value, onChange, testId, label }: ControlProps<boolean> & { label: string }) {
  const on = value === true;
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={on}
      data-testid={testId}
      onClick={() => onChange(!on)}
      className="group inline-flex items-center gap-2.5 text-[13px] font-medium text-slate-700"
    >
      <span className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors ${on ? 'bg-indigo-600' : 'bg-slate-200 group-hover:bg-slate-300'}`}>
        <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${on ? 'translate-x-[18px]' : 'translate-x-0.5'}`} />
      </span>
      {label}
    </button>
  );
}

/** Number input honouring minimum/maximum; keeps what is typed until it is a number. Empty clears the value (the default applies). */
export function NumberControl({ id, schema, value, onChange, invalid, testId, integer }: ControlProps<number> & { integer: boolean }) {
  const [text, setText] = useState(value === undefined || value === null ? '' : String(value));
  useEffect(() => {
    setText((t) => (Number(t) === value && t.trim() !== '' ? t : value === undefined || value === null ? '' : String(value)));
  }, [value]);
  return (
    <input
      id={id}
      data-testid={testId}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      className={`${INPUT} h-8 tabular-nums`}
      value={text}
      min={schema.minimum}
      max={schema.maximum}
      step={integer ? 1 : 'any'}
      placeholder={schema.default !== undefined ? String(schema.default) : schema.placeholder}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange(undefined);
        const n = Number(e.target.value);
        if (Number.isFinite(n)) onChange(n);
      }}
    />
  );
}

/** Fallback for shapes the form does not know: edit as JSON. */
export function JsonControl({ id, value, onChange, invalid, testId }: ControlProps<unknown>) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        data-testid={testId}
        className={`${INPUT} font-mono text-[12px]`}
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        value={text}
        aria-invalid={invalid || !!error || undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setError(null);
          } catch {
            setError('Not valid JSON yet');
          }
        }}
      />
      {error && <p className="mt-1 text-xs text-amber-700">{error}</p>}
    </>
  );
}
