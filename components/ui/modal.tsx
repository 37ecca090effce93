'use client';
/**
 * The modal behind every dialog of the app, on Radix UI (`@radix-ui/react-dialog`):
 * focus is trapped inside and returns to the opener, Escape or a press outside closes
 * it, the rest of the page is hidden from assistive technology and cannot scroll.
 * `Modal` owns only behaviour and the card; the caller lays out the inside and names
 * it with `ModalTitle` (required) and `ModalDescription`.
 */
import * as RadixDialog from '@radix-ui/react-dialog';
import { useRef, type ReactNode } from 'react';

export interface ModalProps {
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** Classes of the card (width, layout); white, rounded and shadowed already. */
  className?: string;
  /** Whether a `ModalDescription` is rendered inside (it then describes the dialog). */
  described?: boolean;
  /** Vertical placement: near the top (forms that grow) or centred (confirmations). */
  placement?: 'top' | 'center';
  /** data-testid of the card. */
  testId?: string;
}

/** Selector of the element focused when the modal opens; the card itself when none matches. */
const AUTOFOCUS = '[data-autofocus], input:not([type=hidden]):not([disabled]):not(.sr-only), textarea:not([disabled]), select:not([disabled])';

export function Modal({ open, onClose, children, className = 'w-full max-w-md', described = false, placement = 'top', testId }: ModalProps) {
  const card = useRef<HTMLDivElement>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <RadixDialog.Portal>
        {/* The overlay scrolls a card taller than the window; a press on it is a press outside. */}
        <RadixDialog.Overlay
          className={`fixed inset-0 z-50 flex justify-center overflow-y-auto bg-slate-900/40 p-4 backdrop-blur-[2px] ${placement === 'top' ? 'items-start pt-[12vh]' : 'items-center'}`}
        >
          <RadixDialog.Content
            ref={card}
            data-testid={testId}
            // Without a description nothing describes the dialog (Radix would point at a missing element).
            {...(described ? {} : { 'aria-describedby': undefined })}
            onOpenAutoFocus={(e) => {
              // The first field, else the card itself: focusing the close button would pop its tooltip.
              e.preventDefault();
              (card.current?.querySelector<HTMLElement>(AUTOFOCUS) ?? card.current)?.focus();
            }}
            // Keys pressed in a dialog stay in it (e.g. Backspace must not delete canvas nodes behind it).
            onKeyDown={(e) => e.stopPropagation()}
            className={`${className} rounded-xl bg-white shadow-2xl ring-1 ring-slate-900/10 outline-none`}
          >
            {children}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** The dialog's name (an `<h2>`). */
export function ModalTitle({ children, className = 'text-base font-semibold text-slate-900' }: { children: ReactNode; className?: string }) {
  return <RadixDialog.Title className={className}>{children}</RadixDialog.Title>;
}

/** The dialog's description (a `<div>`, so it may hold paragraphs). */
export function ModalDescription({ children, className = 'mt-1 text-sm text-slate-500' }: { children: ReactNode; className?: string }) {
  return (
    <RadixDialog.Description asChild>
      <div className={className}>{children}</div>
    </RadixDialog.Description>
  );
}

/** Wraps a button (it must forward ref and props) so that it closes the modal. */
export function ModalClose({ children }: { children: ReactNode }) {
  return <RadixDialog.Close asChild>{children}</RadixDialog.Close>;
}
