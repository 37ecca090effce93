'use client';
/**
 * Transient notifications (bottom right) on `sonner`: `toast.success('Published v3')`
 * from anywhere on the client. Success and info toasts are announced politely and
 * stay 4 s, errors stay 9 s; hovering or focusing the stack pauses them, and
 * Alt+T moves focus to them. One `<Toaster />` is mounted at the root of the app.
 */
import type { CSSProperties } from 'react';
import { Toaster as Sonner, toast as sonner } from 'sonner';
import { UiIcon } from './ui-icons';

/** Shows a toast: `title` in bold, `detail` below it. Returns nothing; toasts close themselves. */
export const toast = {
  success: (title: string, detail?: string) => void sonner.success(title, { description: detail, duration: 4000, testId: 'toast' }),
  error: (title: string, detail?: string) => void sonner.error(title, { description: detail, duration: 9000, testId: 'toast' }),
  info: (title: string, detail?: string) => void sonner.info(title, { description: detail, duration: 4000, testId: 'toast' }),
};

const ICON = 'flex h-5 w-5 shrink-0 items-center justify-center rounded-full';

/** The toast stack, styled like the app's cards (white, slate ring, tone-coloured icon). */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      visibleToasts={4}
      closeButton
      containerAriaLabel="Notifications"
      style={{ '--width': '380px' } as CSSProperties}
      icons={{
        success: <span className={`${ICON} bg-emerald-100 text-emerald-700`}><UiIcon name="check" className="h-3 w-3" /></span>,
        error: <span className={`${ICON} bg-red-100 text-red-700`}><UiIcon name="alert" className="h-3 w-3" /></span>,
        info: <span className={`${ICON} bg-indigo-100 text-indigo-700`}><UiIcon name="info" className="h-3 w-3" /></span>,
      }}
      toastOptions={{
        closeButtonAriaLabel: 'Dismiss',
        classNames: {
          toast: 'items-start! gap-3! rounded-lg! border-0! bg-white! p-3! pr-8! font-sans! shadow-lg! ring-1! ring-slate-900/10!',
          icon: 'mt-0.5! mr-0! ml-0! h-5! w-5!',
          title: 'text-sm! font-medium! text-slate-900!',
          description: 'mt-0.5! text-[13px]! break-words! text-slate-600!',
          closeButton: 'left-auto! right-1.5! top-2.5! translate-x-0! translate-y-0! border-0! bg-transparent! text-slate-500! hover:bg-slate-100! hover:text-slate-700!',
        },
      }}
    />
  );
}
