import type { Metadata } from 'next';
import './globals.css';
import { TRPCProvider } from '@/lib/trpc/client';
import { AppProviders } from '@/components/ui/app-providers';

export const metadata: Metadata = {
  title: 'Baton',
  description: 'Design, run and watch workflows; approve human steps from an inbox.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
