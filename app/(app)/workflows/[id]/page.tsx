import type { Metadata } from 'next';
import { Designer } from '@/components/designer/designer';

export const metadata: Metadata = { title: 'Designer · Baton' };

export default async function DesignerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Designer workflowId={id} />;
}
