'use client';
/** First start: create the admin account (open only while Baton has no admin), then sign in as it. */
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc/client';
import { AuthError, AuthField } from './auth-card';
import { signIn } from './sign-in-form';

export function SetupForm() {
  const trpc = useTRPC();
  const setup = useMutation(trpc.users.setup.mutationOptions());
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (password !== confirm) return setError('The two passwords differ.');
    try {
      await setup.mutateAsync({ name, email, password });
    } catch (err) {
      return setError(errorMessage(err));
    }
    const problem = await signIn(email.trim(), password);
    if (problem) return setError(problem);
    window.location.assign('/workflows');
  }
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="setup-form">
      <AuthField label="Your name" name="name" autoComplete="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
      <AuthField label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <AuthField label="Password" type="password" name="password" autoComplete="new-password" minLength={10} required value={password} onChange={(e) => setPassword(e.target.value)} />
      <AuthField label="Repeat password" type="password" name="confirm" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      <p className="text-xs text-slate-500">At least 10 characters. You can add the rest of your team on the People page afterwards.</p>
      <AuthError message={error} />
      <button type="submit" disabled={setup.isPending} className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 disabled:opacity-60">
        {setup.isPending ? 'Creating…' : 'Create admin account'}
      </button>
    </form>
  );
}
