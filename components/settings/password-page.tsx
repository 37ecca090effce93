'use client';
/**
 * Change your own password (better-auth `POST /api/auth/change-password`: the current
 * password is required; other sessions can be signed out at the same time). Admins set
 * other people's passwords on the People page.
 */
import { useState, type FormEvent } from 'react';
import { Button, FieldRow, TextInput } from '@/components/designer/ui';

const MIN = 10;

export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [signOutOthers, setSignOutOthers] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    if (next.length < MIN) return setError(`The new password needs at least ${MIN} characters.`);
    if (next !== repeat) return setError('The two new passwords differ.');
    setBusy(true);
    try {
      const res = await fetch('/api/auth/change-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: current, newPassword: next, revokeOtherSessions: signOutOthers }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { message?: string; code?: string } | null;
        setError(body?.code === 'INVALID_PASSWORD' || res.status === 400 ? 'Your current password is not right.' : (body?.message ?? `Could not change the password (${res.status}).`));
        return;
      }
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch {
      setError('Baton could not be reached. Check your connection.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto w-full max-w-5xl px-8 py-10">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Password</h1>
      <p className="mt-1 text-sm text-slate-500">Change the password you sign in with. Admins can set a new one for you if you forgot it.</p>
      <form onSubmit={submit} className="mt-8 max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="password-form">
        <FieldRow label="Current password" htmlFor="current-password">
          <TextInput id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </FieldRow>
        <FieldRow label="New password" htmlFor="new-password" hint={`At least ${MIN} characters.`}>
          <TextInput id="new-password" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </FieldRow>
        <FieldRow label="Repeat the new password" htmlFor="repeat-password">
          <TextInput id="repeat-password" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </FieldRow>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={signOutOthers} onChange={(e) => setSignOutOthers(e.target.checked)} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" />
          Sign out my other sessions
        </label>
        {error && (
          <p role="alert" data-testid="password-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
            {error}
          </p>
        )}
        {done && (
          <p role="status" data-testid="password-changed" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
            Your password is changed.
          </p>
        )}
        <div className="flex justify-end">
          <Button variant="primary" type="submit" loading={busy} data-testid="change-password">
            Change password
          </Button>
        </div>
      </form>
    </div>
  );
}
