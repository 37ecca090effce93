'use client';
/**
 * Tooltips on Radix UI (`@radix-ui/react-tooltip`): shown on hover and on keyboard
 * focus, announced through `aria-describedby`, dismissed with Escape. One
 * `TooltipProvider` at the root (see `app-providers.tsx`) shares the open delay.
 */
import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

/** Shared delay of every tooltip in the app, in milliseconds. */
export function TooltipProvider({ children }: { children: ReactNode }) {
  return (
    <RadixTooltip.Provider delayDuration={350} skipDelayDuration={200}>
      {children}
    </RadixTooltip.Provider>
  );
}

/**
 * Wraps one focusable element (it must forward its ref and props, e.g. a `<button>`)
 * with a tooltip `content`. Without `content` the child is rendered alone.
 */
export function Tooltip({ content, side = 'top', children }: { content: ReactNode; side?: 'top' | 'right' | 'bottom' | 'left'; children: ReactElement }) {
  if (content === null || content === undefined || content === '') return children;
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side={side}
          sideOffset={6}
          collisionPadding={8}
          className="z-[70] max-w-xs rounded-md bg-slate-900 px-2 py-1 text-xs font-medium text-white shadow-lg select-none"
        >
          {content}
          <RadixTooltip.Arrow className="fill-slate-900" width={9} height={4} />
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
