import type { Metadata } from 'next';
import { Designer } from '@/components/designer/designer';
import { prefetched, serverCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'Designer · Baton' };

export default async function DesignerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The draft comes with the page: the canvas is drawn right after hydration, without a round trip.
  const caller = await serverCaller();
  const initial = await prefetched(() => caller.workflows.get({ id }));
  return <Designer workflowId={id} initial={initial} />;
}
