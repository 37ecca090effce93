'use client';
/**
 * Dropdown menus on Radix UI (`@radix-ui/react-dropdown-menu`): arrow keys move
 * between items, typing jumps to an item, Escape closes and focus returns to the
 * trigger. The app owns the look (white card, slate text, red for destructive items).
 */
import * as RadixMenu from '@radix-ui/react-dropdown-menu';
import type { ReactElement, ReactNode } from 'react';

export interface MenuProps {
  /** The button that opens the menu (it must forward its ref and props). */
  trigger: ReactElement;
  children: ReactNode;
  align?: 'start' | 'center' | 'end';
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** Width class of the menu card. */
  width?: string;
  /** Extra label shown at the top of the card (e.g. who is signed in). */
  header?: ReactNode;
  testId?: string;
}

/** A dropdown menu opened by `trigger`; put `MenuItem`, `MenuLink` and `MenuSeparator` inside. */
export function Menu({ trigger, children, align = 'end', side = 'bottom', width = 'w-48', header, testId }: MenuProps) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content
          align={align}
          side={side}
          sideOffset={4}
          collisionPadding={8}
          data-testid={testId}
          // Keys used in the menu stay in it (the designer's shortcuts listen on the window).
          onKeyDown={(e) => e.stopPropagation()}
          className={`z-[60] ${width} rounded-lg bg-white py-1 text-[13px] shadow-lg ring-1 ring-slate-900/10 focus:outline-none`}
        >
          {header && <div className="border-b border-slate-100 px-3 pt-1.5 pb-2">{header}</div>}
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

const ITEM =
  'flex w-full cursor-default items-center gap-2 px-3 py-1.5 text-left outline-none select-none data-[disabled]:pointer-events-none data-[disabled]:opacity-40';

/** One action of a menu; `danger` paints it red. */
export function MenuItem({ onSelect, disabled, danger, icon, children, testId }: { onSelect: () => void; disabled?: boolean; danger?: boolean; icon?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <RadixMenu.Item
      onSelect={onSelect}
      disabled={disabled}
      data-testid={testId}
      className={`${ITEM} ${danger ? 'text-red-700 data-[highlighted]:bg-red-50' : 'text-slate-700 data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900'}`}
    >
      {icon && <span className="flex h-3.5 w-3.5 shrink-0 items-center justify-center opacity-80">{icon}</span>}
      {children}
    </RadixMenu.Item>
  );
}

/** A menu item that navigates: `link` is an anchor element (e.g. Next's `<Link>`) styled by the menu. */
export function MenuLink({ children, testId }: { children: ReactElement; testId?: string }) {
  return (
    <RadixMenu.Item asChild data-testid={testId} className={`${ITEM} text-slate-700 data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900`}>
      {children}
    </RadixMenu.Item>
  );
}

export function MenuSeparator() {
  return <RadixMenu.Separator className="my-1 h-px bg-slate-100" />;
}
