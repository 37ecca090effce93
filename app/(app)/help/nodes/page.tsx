import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { nodeHelpIndex } from '@/lib/help/node-docs';
import { HelpFrame } from './help-layout';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Node types · Help · Baton' };

/** `/help/nodes`: the index of node help pages. */
export default async function Page() {
  const page = await nodeHelpIndex();
  if (!page) notFound();
  return <HelpFrame current={null} title={page.title} html={page.html} />;
}
