/** Sign-in page. Signed-in people go straight on; while Baton has no admin, to the setup page. */
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNext } from '@/lib/util/safe-next';
import { currentUser } from '@/server/auth/current';
import { getApp } from '@/server/app';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Baton' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNext(next));
  if (await getApp().users.needsSetup()) redirect('/setup');
  return (
    <AuthCard title="Sign in" subtitle="Design, run and approve your workflows.">
      <SignInForm next={next} />
      <p className="mt-6 text-center text-xs text-slate-500">No account? Ask an admin of this Baton to add you.</p>
    </AuthCard>
  );
}
