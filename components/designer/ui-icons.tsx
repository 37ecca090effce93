/** Small UI icons (16×16 strokes) used by the designer and the workflows list. */
import type { SVGProps } from 'react';

const ICONS = {
  plus: 'M8 3.5v9M3.5 8h9',
  save: 'M3.5 3.5h7l2 2v7h-9zM5.5 3.5v3h4v-3M5.5 12.5v-3.5h5v3.5',
  upload: 'M8 10.5V3M5 6l3-3 3 3M3.5 10.5v2h9v-2',
  play: 'M5 3.5v9l7.5-4.5z',
  download: 'M8 3v7.5M5 7.5l3 3 3-3M3.5 12.5h9',
  trash: 'M3.5 4.5h9M6.5 4.5V3h3v1.5M4.5 4.5l.6 8h5.8l.6-8M6.8 7v3.5M9.2 7v3.5',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  check: 'm3.5 8.5 3 3 6-7',
  x: 'm4.5 4.5 7 7M11.5 4.5l-7 7',
  chevronLeft: 'M10 3.5 5.5 8l4.5 4.5',
  chevronRight: 'M6 3.5 10.5 8 6 12.5',
  chevronDown: 'M3.5 6 8 10.5 12.5 6',
  up: 'M8 12.5V3.5M4.5 7 8 3.5 11.5 7',
  down: 'M8 3.5v9M4.5 9 8 12.5 11.5 9',
  alert: 'M8 2.5 14 13H2zM8 6.5v3M8 11.2v.1',
  info: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM8 7.5v3.5M8 5.2v.1',
  pencil: 'M10.5 3.5l2 2L6 12H4v-2zM9 5l2 2',
  more: 'M3.5 8h.1M8 8h.1M12.5 8h.1',
  search: 'M7 11.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zM10.5 10.5l3 3',
  workflow: 'M3 3.5h4v3H3zM9 9.5h4v3H9zM5 6.5v2.5a1 1 0 0 0 1 1h3',
  externalLink: 'M9 3.5h3.5V7M12.5 3.5 7 9M11 9.5v3H3.5V5h3',
  grip: 'M6 4h.1M10 4h.1M6 8h.1M10 8h.1M6 12h.1M10 12h.1',
  tidy: 'M6 2.5h4v3H6zM2.5 10.5h4v3h-4zM9.5 10.5h4v3h-4zM8 5.5V8M4.5 10.5V8h7v2.5',
  refresh: 'M12.5 5.5A5 5 0 0 0 3.2 7M3.5 10.5a5 5 0 0 0 9.3 1.5M12.5 2.5v3h-3M3.5 13.5v-3h3',
  help: 'M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM6.3 6.3a1.8 1.8 0 1 1 2.5 1.6c-.5.2-.8.6-.8 1.1v.5M8 11.3v.1',
  key: 'M10.5 2.5a3 3 0 1 1-1.9 5.3L4 12.4V14H2.5v-1.5l4.7-4.6a3 3 0 0 1 3.3-5.4zM11 5h.1',
  link: 'M6.5 9.5l3-3M7 4.5l1-1a2.5 2.5 0 0 1 3.5 3.5l-1 1M9 11.5l-1 1A2.5 2.5 0 0 1 4.5 9l1-1',
  undo: 'M5.5 3.5 2.5 6.5l3 3M2.5 6.5h7a3.5 3.5 0 0 1 0 7H7',
  redo: 'M10.5 3.5l3 3-3 3M13.5 6.5h-7a3.5 3.5 0 0 0 0 7H9',
  keyboard: 'M2 4.5h12v7H2zM4.5 6.8h.1M7 6.8h.1M9.5 6.8h.1M12 6.8h-.1M5.5 9.3h5',
  scissors: 'M4.5 6a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6zM4.5 13.6a1.8 1.8 0 1 0 0-3.6 1.8 1.8 0 0 0 0 3.6zM6 5l7.5 7M6 11l7.5-7',
  duplicate: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7M9 7.5v3M7.5 9h3',
  paste: 'M5.5 3.5h-2v10h9v-10h-2M6 2.5h4v2H6zM6 8h4M6 10.5h3',
  select: 'M3 3h2M7 3h2M11 3h2v2M13 7v2M13 11v2h-2M9 13H7M5 13H3v-2M3 9V7M3 5V3',
} as const;

export type UiIconName = keyof typeof ICONS;

export function UiIcon({ name, className = 'h-4 w-4', ...props }: { name: UiIconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden className={className} {...props}>
      <path d={ICONS[name]} />
    </svg>
  );
}

export function Spinner({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" className={`${className} animate-spin`} aria-hidden>
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity={0.25} strokeWidth={2} />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth={2} strokeLinecap="round" />
    </svg>
  );
}
