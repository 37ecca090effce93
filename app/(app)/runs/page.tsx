import { Suspense } from 'react';
import type { Metadata } from 'next';
import { RunsPage } from '@/components/runs/runs-page';

export const metadata: Metadata = { title: 'Runs · Baton' };

export default function Page() {
  return (
    <Suspense>
      <RunsPage />
    </Suspense>
  );
}
