'use client';
/**
 * Renders a person-facing form from form field definitions (a trigger's input fields,
 * a user task's form). Values by type: text/textarea/email/date/select → string,
 * number → number (empty → removed), boolean → boolean. Errors are shown under
 * their field; check them with `validateFormData` from `lib/forms/validate.ts`.
 */
import type { FormField } from '@/lib/nodes/fields';
import { selectOptions } from '@/lib/forms/validate';

export interface FormFieldsProps {
  fields: FormField[];
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown>) => void;
  /** field name → message */
  errors?: Record<string, string>;
  disabled?: boolean;
  /** Prefix for element ids and test ids (several forms on one page). */
  idPrefix?: string;
}

const inputCls =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm outline-none transition placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 disabled:bg-slate-50 disabled:text-slate-500';

export function FormFields({ fields, value, onChange, errors = {}, disabled, idPrefix = 'f' }: FormFieldsProps) {
  if (fields.length === 0) return <p className="text-sm text-slate-500">This form has no fields.</p>;
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="space-y-4">
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const err = errors[f.name];
        const v = value[f.name];
        const invalid = err ? 'border-red-400 focus:border-red-500 focus:ring-red-500/20' : '';
        let control: React.ReactNode;
        switch (f.type) {
          case 'textarea':
            control = <textarea id={id} name={f.name} data-testid={id} rows={3} disabled={disabled} className={`${inputCls} ${invalid}`} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value)} />;
            break;
          case 'number':
            control = (
              <input
                id={id}
                name={f.name}
                data-testid={id}
                type="number"
                disabled={disabled}
                className={`${inputCls} ${invalid}`}
                value={typeof v === 'number' ? v : ''}
                onChange={(e) => set(f.name, e.target.value === '' ? undefined : Number(e.target.value))}
              />
            );
            break;
          case 'boolean':
            control = (
              <label className="inline-flex items-center gap-2 text-sm text-slate-700">
                <input id={id} name={f.name} data-testid={id} type="checkbox" disabled={disabled} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" checked={v === true} onChange={(e) => set(f.name, e.target.checked)} />
                Yes
              </label>
            );
            break;
          case 'email':
            control = (
              <input
                id={id}
                name={f.name}
                data-testid={id}
                type="email"
                autoComplete="email"
                inputMode="email"
                placeholder="name@example.com"
                disabled={disabled}
                className={`${inputCls} ${invalid}`}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => set(f.name, e.target.value)}
              />
            );
            break;
          case 'date':
            control = <input id={id} name={f.name} data-testid={id} type="date" disabled={disabled} className={`${inputCls} ${invalid}`} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value || undefined)} />;
            break;
          case 'select':
            control = (
              <select id={id} name={f.name} data-testid={id} disabled={disabled} className={`${inputCls} ${invalid}`} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value || undefined)}>
                <option value="">Choose…</option>
                {selectOptions(f).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
            break;
          default:
            control = <input id={id} name={f.name} data-testid={id} type="text" disabled={disabled} className={`${inputCls} ${invalid}`} value={typeof v === 'string' ? v : ''} onChange={(e) => set(f.name, e.target.value)} />;
        }
        return (
          <div key={f.name}>
            <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
              {f.label}
              {f.required && <span className="ml-0.5 text-red-600">*</span>}
            </label>
            {control}
            {err && (
              <p className="mt-1 text-xs text-red-600" role="alert">
                {err}
              </p>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** Turns `validateFormData` errors into the `errors` prop. */
export function errorsByField(errors: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}
