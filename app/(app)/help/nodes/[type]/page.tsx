import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getNodeType } from '@/lib/nodes/registry';
import { nodeHelp } from '@/lib/help/node-docs';
import { HelpFrame } from '../help-layout';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ type: string }> }): Promise<Metadata> {
  const { type } = await params;
  return { title: `${getNodeType(type)?.label ?? 'Node'} · Help · Baton` };
}

/** `/help/nodes/<type>`: the help page of one node type. */
export default async function Page({ params }: { params: Promise<{ type: string }> }) {
  const { type } = await params;
  const page = await nodeHelp(type);
  if (!page) notFound();
  return <HelpFrame current={type} title={page.title} html={page.html} accent={getNodeType(type)?.accent} />;
}
