import type { Metadata } from 'next';
import { RunViewPage } from '@/components/run-view/run-view';

export const metadata: Metadata = { title: 'Run · Baton' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunViewPage key={id} runId={decodeURIComponent(id)} />;
}
