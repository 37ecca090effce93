import type { Metadata } from 'next';
import { InboxPage } from '@/components/inbox/inbox-page';

export const metadata: Metadata = { title: 'Inbox · Baton' };

export default async function Page({ searchParams }: { searchParams: Promise<{ task?: string | string[] }> }) {
  const { task } = await searchParams;
  const taskId = Array.isArray(task) ? task[0] : task;
  return <InboxPage key={taskId ?? ''} initialTaskId={taskId || undefined} />;
}
