import type { Metadata } from 'next';
import { InboxPage } from '@/components/inbox/inbox-page';

export const metadata: Metadata = { title: 'Task · Baton' };

export default async function Page({ params }: { params: Promise<{ taskId: string }> }) {
  const { taskId } = await params;
  return <InboxPage key={taskId} initialTaskId={safeDecode(taskId)} />;
}

/** Route params may arrive still percent-encoded; ids never contain `%` otherwise. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
