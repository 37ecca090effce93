'use client';
/**
 * Pieces the People page's dialogs and table share: role chips, role checkboxes with
 * what each role may do, a password field with "Generate" (a strong random password,
 * shown so the admin can hand it over) with a copy button, the status badge, and the
 * "last admin" notice.
 */
import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';
import { generatePassword } from '@/lib/auth/generate-password';
import { Badge, Button, TextInput } from '@/components/designer/ui';
import { UiIcon } from '@/components/designer/ui-icons';
import { CopyButton } from '@/components/designer/copy-button';
import type { PersonStatus } from './types';

const ROLE_TONE: Record<Role, 'indigo' | 'emerald' | 'amber' | 'slate' | 'red'> = {
  admin: 'red',
  designer: 'indigo',
  operator: 'amber',
  approver: 'emerald',
  viewer: 'slate',
};

export function RoleChips({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) return <span className="text-[13px] text-slate-500">No role</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((r) => (
        <Badge key={r} tone={ROLE_TONE[r]} data-testid={`role-chip-${r}`}>
          {ROLE_LABELS[r].label}
        </Badge>
      ))}
    </span>
  );
}

/** One checkbox per role with its description. */
export function RoleCheckboxes({ value, onChange, invalid }: { value: Role[]; onChange: (roles: Role[]) => void; invalid?: boolean }) {
  const toggle = (r: Role) => onChange(ROLES.filter((x) => (x === r ? !value.includes(r) : value.includes(x))));
  return (
    <div className={`divide-y divide-slate-100 overflow-hidden rounded-lg border ${invalid ? 'border-red-300' : 'border-slate-200'}`} role="group" aria-label="Roles">
      {ROLES.map((r) => (
        <label key={r} className={`flex cursor-pointer items-start gap-3 px-3 py-2.5 transition-colors ${value.includes(r) ? 'bg-indigo-50/50' : 'hover:bg-slate-50'}`}>
          <input
            type="checkbox"
            data-testid={`role-${r}`}
            checked={value.includes(r)}
            onChange={() => toggle(r)}
            className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 accent-indigo-600 focus:ring-indigo-500"
          />
          <span className="min-w-0">
            <span className="block text-[13px] font-medium text-slate-900">{ROLE_LABELS[r].label}</span>
            <span className="block text-[12px] leading-snug text-slate-500">{ROLE_LABELS[r].description}</span>
          </span>
        </label>
      ))}
    </div>
  );
}

/**
 * A new password: typed (hidden by default) or generated (then shown in clear, so the
 * admin can copy it and hand it over).
 */
export function PasswordField({ id, value, onChange, invalid, testId = 'person-password' }: { id: string; value: string; onChange: (v: string) => void; invalid?: boolean; testId?: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="flex gap-2">
      <div className="relative min-w-0 flex-1">
        <TextInput
          id={id}
          data-testid={testId}
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          aria-invalid={invalid || undefined}
          className="pr-14 font-mono"
          onChange={(e) => onChange(e.target.value)}
        />
        <button type="button" onClick={() => setShown((s) => !s)} className="absolute top-1/2 right-2 -translate-y-1/2 rounded px-1.5 text-[11px] font-medium text-slate-500 hover:text-slate-800">
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      <Button
        size="sm"
        data-testid="generate-password"
        icon={<UiIcon name="refresh" />}
        onClick={() => {
          onChange(generatePassword());
          setShown(true);
        }}
      >
        Generate
      </Button>
      <CopyButton text={value} testId="copy-password" />
    </div>
  );
}

export function StatusBadge({ status }: { status: PersonStatus }) {
  if (status === 'disabled')
    return (
      <Badge tone="slate" data-testid="person-status">
        <span className="h-1.5 w-1.5 rounded-full bg-slate-400" aria-hidden />
        Disabled
      </Badge>
    );
  if (status === 'no_password')
    return (
      <Badge tone="amber" data-testid="person-status">
        <span className="h-1.5 w-1.5 rounded-full bg-amber-500" aria-hidden />
        No password yet
      </Badge>
    );
  return (
    <Badge tone="emerald" data-testid="person-status">
      <span className="h-1.5 w-1.5 rounded-full bg-emerald-500" aria-hidden />
      Active
    </Badge>
  );
}

/** The refusal shown when a change would leave Baton without an enabled admin. */
export function LastAdminNotice() {
  return (
    <div className="flex gap-2.5 rounded-lg border border-amber-200 bg-amber-50 p-3 text-[13px] text-amber-900" role="alert" data-testid="last-admin-notice">
      <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-amber-700" />
      <p>
        <span className="font-medium">This is the last admin who can sign in.</span> Baton needs at least one enabled admin: make someone else an admin (and give them a password) first.
      </p>
    </div>
  );
}

/** A refusal without a field to point at. */
export function FormError({ message }: { message: string }) {
  return (
    <div className="flex gap-2.5 rounded-lg border border-red-200 bg-red-50 p-3 text-[13px] text-red-700" role="alert" data-testid="form-error">
      <UiIcon name="alert" className="mt-0.5 h-4 w-4 shrink-0 text-red-600" />
      <p>{message}</p>
    </div>
  );
}
