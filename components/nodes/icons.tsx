/**
 * Node-type icons, keyed by `NodeTypeDefinition.icon`. Small inline SVGs (24×24,
 * stroked with currentColor) so they take the accent colour of their tile.
 */
import type { ReactNode, SVGProps } from 'react';

const PATHS: Record<string, ReactNode> = {
  play: <path d="M8 5.5v13l10.5-6.5L8 5.5Z" fill="currentColor" fillOpacity={0.15} />,
  globe: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.4 2.3 3.6 5.2 3.6 8.5s-1.2 6.2-3.6 8.5M12 3.5C9.6 5.8 8.4 8.7 8.4 12s1.2 6.2 3.6 8.5" />
    </>
  ),
  code: <path d="m8.5 8-4 4 4 4M15.5 8l4 4-4 4M13.5 5.5l-3 13" />,
  split: (
    <>
      <path d="M12 3 21 12 12 21 3 12 12 3Z" fill="currentColor" fillOpacity={0.12} />
      <path d="m9.5 9.5 5 5M14.5 9.5l-5 5" />
    </>
  ),
  fork: <path d="M3.5 12H8l3.5-5.5h6.5M8 12l3.5 5.5h6.5M15.5 4l2.5 2.5L15.5 9M15.5 15l2.5 2.5-2.5 2.5" />,
  merge: <path d="M3.5 6.5H8l3.5 5.5H20M3.5 17.5H8l3.5-5.5M17.5 9.5 20 12l-2.5 2.5" />,
  user: (
    <>
      <circle cx="12" cy="8" r="3.75" />
      <path d="M4.75 20c.6-3.9 3.5-6.25 7.25-6.25S18.65 16.1 19.25 20" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="8.5" fill="currentColor" fillOpacity={0.1} />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
  calendar: (
    <>
      <rect x="3.5" y="5" width="17" height="15" rx="2" fill="currentColor" fillOpacity={0.1} />
      <path d="M3.5 9.5h17M8 3v4M16 3v4M12 12.5v3l2 1.25" />
    </>
  ),
  webhook: (
    <>
      <circle cx="12" cy="7" r="3" fill="currentColor" fillOpacity={0.12} />
      <circle cx="6" cy="17" r="3" fill="currentColor" fillOpacity={0.12} />
      <circle cx="18" cy="17" r="3" fill="currentColor" fillOpacity={0.12} />
      <path d="M10.5 9.6 7.5 14.4M13.5 9.6l3 4.8M9 17h6" />
    </>
  ),
  workflow: (
    <>
      <rect x="3.5" y="4" width="7" height="5.5" rx="1.5" fill="currentColor" fillOpacity={0.12} />
      <rect x="13.5" y="14.5" width="7" height="5.5" rx="1.5" fill="currentColor" fillOpacity={0.12} />
      <path d="M7 9.5v3.25a2 2 0 0 0 2 2h4.5M11.5 12.75l2 2-2 2" />
    </>
  ),
  repeat: (
    <>
      <path d="M4.5 11V9.5a3 3 0 0 1 3-3h11M15.5 3.5l3 3-3 3" />
      <path d="M19.5 13v1.5a3 3 0 0 1-3 3h-11M8.5 20.5l-3-3 3-3" />
    </>
  ),
  send: (
    <>
      <path d="M20.5 3.5 3.5 10.5l7 3 3 7 7-17Z" fill="currentColor" fillOpacity={0.12} />
      <path d="m10.5 13.5 4-4" />
    </>
  ),
  bot: (
    <>
      <rect x="4.5" y="8" width="15" height="11" rx="3" fill="currentColor" fillOpacity={0.12} />
      <path d="M12 8V4.5M10.5 4h3M9.5 13v1M14.5 13v1M2.5 12.5v3M21.5 12.5v3" />
    </>
  ),
  sparkles: (
    <>
      <path d="M10 4.5 11.6 9 16 10.5 11.6 12 10 16.5 8.4 12 4 10.5 8.4 9 10 4.5Z" fill="currentColor" fillOpacity={0.12} />
      <path d="M17.5 14.5v5M15 17h5M17 3.5v3M15.5 5h3" />
    </>
  ),
  stop: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <rect x="9" y="9" width="6" height="6" rx="1" fill="currentColor" fillOpacity={0.2} />
    </>
  ),
  terminal: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" fill="currentColor" fillOpacity={0.1} />
      <path d="m7.5 9.5 3 2.5-3 2.5M12.5 15h4" />
    </>
  ),
  table: (
    <>
      <rect x="3.5" y="4.5" width="17" height="15" rx="2" fill="currentColor" fillOpacity={0.1} />
      <path d="M3.5 9.5h17M3.5 14.5h17M9.5 4.5v15" />
    </>
  ),
  switch: <path d="M4 12h5M9 12l4-6.5h7M9 12h11M9 12l4 6.5h7M17.5 3.5 20 5.5l-2.5 2M17.5 10 20 12l-2.5 2M17.5 16.5 20 18.5 17.5 20.5" />,
  router: (
    <>
      <circle cx="5" cy="12" r="2" fill="currentColor" fillOpacity={0.15} />
      <path d="M7 12h3.5M10.5 12c2.5 0 3-5.5 6-5.5h2M10.5 12c2.5 0 3 5.5 6 5.5h2M16.5 4.5l2 2-2 2M16.5 15.5l2 2-2 2" />
      <circle cx="10.5" cy="12" r="1.2" fill="currentColor" />
    </>
  ),
  tag: (
    <>
      <path d="M3.5 12.2V4.5a1 1 0 0 1 1-1h7.7l8.3 8.3a1.5 1.5 0 0 1 0 2.1l-6.2 6.2a1.5 1.5 0 0 1-2.1 0Z" fill="currentColor" fillOpacity={0.1} />
      <circle cx="8" cy="8" r="1.4" />
    </>
  ),
};

const FALLBACK = <rect x="4.5" y="4.5" width="15" height="15" rx="3" />;

/** The icon of a node type (a neutral square for unknown keys). */
export function NodeIcon({ name, ...props }: { name: string } & SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden {...props}>
      {PATHS[name] ?? FALLBACK}
    </svg>
  );
}

/** Keys with a drawn icon. */
export const NODE_ICON_KEYS = Object.keys(PATHS);
