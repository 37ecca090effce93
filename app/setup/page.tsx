/** First-start setup: create the first admin. Closed (→ sign-in) once an admin exists. */
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SetupForm } from '@/components/auth/setup-form';
import { getApp } from '@/server/app';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Set up · Baton' };

export default async function SetupPage() {
  if (!(await getApp().users.needsSetup())) redirect('/sign-in');
  return (
    <AuthCard title="Welcome to Baton" subtitle="Create the admin account. Admins add people, give them roles and see the audit log.">
      <SetupForm />
    </AuthCard>
  );
}
