'use client';
/** Client-wide UI context mounted once in the root layout: the tooltip delay and the toast stack. */
import type { ReactNode } from 'react';
import { Toaster } from '@/components/designer/toast';
import { TooltipProvider } from './tooltip';

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <TooltipProvider>
      {children}
      <Toaster />
    </TooltipProvider>
  );
}
