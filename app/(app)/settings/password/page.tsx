import type { Metadata } from 'next';
import { PasswordPage } from '@/components/settings/password-page';

export const metadata: Metadata = { title: 'Password · Baton' };

export default function Page() {
  return <PasswordPage />;
}
