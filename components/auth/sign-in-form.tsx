'use client';
/** Email and password sign-in against better-auth's `/api/auth/sign-in/email`; then on to `next` (a local path) or the workflows. */
import { useState, type FormEvent } from 'react';
import { AuthError, AuthField } from './auth-card';
import { safeNext } from '@/lib/util/safe-next';


export async function signIn(email: string, password: string): Promise<string | null> {
  const res = await fetch('/api/auth/sign-in/email', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.ok) return null;
  if (res.status === 429) {
    const wait = Number(res.headers.get('x-retry-after'));
    return `Too many sign-in attempts. Try again${Number.isFinite(wait) && wait > 0 ? ` in ${Math.ceil(wait)} s` : ' in a minute'}.`;
  }
  const body = (await res.json().catch(() => null)) as { message?: string } | null;
  if (res.status === 401) return 'That email and password do not match an account.';
  return body?.message ?? `Sign-in failed (${res.status}).`;
}

export function SignInForm({ next }: { next?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const problem = await signIn(email.trim(), password).catch(() => 'Baton could not be reached. Check your connection.');
    if (problem) {
      setError(problem);
      setBusy(false);
      return;
    }
    window.location.assign(safeNext(next));
  }
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="sign-in-form">
      <AuthField label="Email" type="email" name="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
      <AuthField label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <AuthError message={error} />
      <button type="submit" disabled={busy} className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 disabled:opacity-60">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
