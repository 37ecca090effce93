import type { Metadata } from 'next';
import './globals.css';
import { TRPCProvider } from '@/lib/trpc/client';
import { AppProviders } from '@/components/ui/app-providers';
import { processRole, servesRequests } from '@/server/process-role';

export const metadata: Metadata = {
  title: 'Baton',
  description: 'Design, run and watch workflows; approve human steps from an inbox.',
};

function runnerOnly(): boolean {
  try {
    return !servesRequests(processRole());
  } catch {
    return false;
  }
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  if (runnerOnly())
    return (
      <html lang="en">
        <body className="flex min-h-screen items-center justify-center bg-slate-50 text-sm text-slate-600">
          <main className="max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h1 className="mb-2 text-base font-semibold text-slate-900">This Baton process runs work only</h1>
            <p>It was started with BATON_ROLE=runner: it executes steps and fires schedules, and answers health checks. Open Baton through a web process.</p>
          </main>
        </body>
      </html>
    );
  return (
    <html lang="en">
      <body>
        <TRPCProvider>
          <AppProviders>{children}</AppProviders>
        </TRPCProvider>
      </body>
    </html>
  );
}
