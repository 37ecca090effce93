import type { Metadata } from 'next';
import { RunViewPage } from '@/components/run-view/run-view';

export const metadata: Metadata = { title: 'Run · Baton' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunViewPage key={id} runId={safeDecode(id)} />;
}

/** Route params may arrive still percent-encoded; ids never contain `%` otherwise. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
