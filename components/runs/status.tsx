/**
 * Status colours and icons for runs, steps and nodes, shared by the runs list, the
 * run view and the inbox. One place decides what "running" looks like.
 */
import type { NodeRunStatus } from '@/lib/run-view/types';

export type AnyStatus = NodeRunStatus | 'open' | 'completed';

interface Tone {
  label: string;
  /** Pill: background, text, ring. */
  pill: string;
  /** Solid dot / icon colour. */
  text: string;
  /** Hex, for SVG strokes and React Flow. */
  hex: string;
}

export const STATUS_TONE: Record<AnyStatus, Tone> = {
  pending: { label: 'Pending', pill: 'bg-slate-50 text-slate-500 ring-slate-200', text: 'text-slate-500', hex: '#94a3b8' },
  running: { label: 'Running', pill: 'bg-blue-50 text-blue-700 ring-blue-200', text: 'text-blue-600', hex: '#2563eb' },
  retrying: { label: 'Retrying', pill: 'bg-amber-50 text-amber-800 ring-amber-300', text: 'text-amber-600', hex: '#d97706' },
  waiting: { label: 'Waiting', pill: 'bg-pink-50 text-pink-700 ring-pink-200', text: 'text-pink-600', hex: '#db2777' },
  succeeded: { label: 'Succeeded', pill: 'bg-emerald-50 text-emerald-700 ring-emerald-200', text: 'text-emerald-600', hex: '#059669' },
  handled: { label: 'Error handled', pill: 'bg-orange-50 text-orange-800 ring-orange-200', text: 'text-orange-500', hex: '#f97316' },
  failed: { label: 'Failed', pill: 'bg-red-50 text-red-700 ring-red-200', text: 'text-red-600', hex: '#dc2626' },
  compensating: { label: 'Compensating', pill: 'bg-violet-50 text-violet-700 ring-violet-200', text: 'text-violet-600', hex: '#7c3aed' },
  compensated: { label: 'Compensated', pill: 'bg-violet-50 text-violet-700 ring-violet-200', text: 'text-violet-600', hex: '#7c3aed' },
  skipped: { label: 'Skipped', pill: 'bg-slate-100 text-slate-500 ring-slate-200', text: 'text-slate-500', hex: '#94a3b8' },
  cancelled: { label: 'Cancelled', pill: 'bg-amber-50 text-amber-700 ring-amber-200', text: 'text-amber-600', hex: '#d97706' },
  open: { label: 'Open', pill: 'bg-pink-50 text-pink-700 ring-pink-200', text: 'text-pink-600', hex: '#db2777' },
  completed: { label: 'Completed', pill: 'bg-emerald-50 text-emerald-700 ring-emerald-200', text: 'text-emerald-600', hex: '#059669' },
};

export function toneOf(status: string): Tone {
  return STATUS_TONE[status as AnyStatus] ?? STATUS_TONE.pending;
}

/** A 16px status glyph: spinner, clock, check, cross, retry arrow, detour, undo arrow, skip, slash, dashed circle. */
export function StatusIcon({ status, className = 'h-4 w-4' }: { status: string; className?: string }) {
  const tone = toneOf(status);
  const common = { viewBox: '0 0 16 16', className: `${className} shrink-0 ${tone.text}`, 'aria-hidden': true, fill: 'none', stroke: 'currentColor', strokeWidth: 1.8, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;
  switch (status) {
    case 'running':
      return (
        <svg {...common} className={`${common.className} animate-spin`}>
          <circle cx="8" cy="8" r="6" opacity="0.25" />
          <path d="M14 8a6 6 0 0 0-6-6" />
        </svg>
      );
    case 'waiting':
    case 'open':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" />
          <path d="M8 4.8V8l2.2 1.4" />
        </svg>
      );
    case 'succeeded':
    case 'completed':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="currentColor" stroke="none" />
          <path d="m5.4 8.2 1.8 1.8 3.4-3.6" stroke="white" />
        </svg>
      );
    case 'failed':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="currentColor" stroke="none" />
          <path d="m6 6 4 4m0-4-4 4" stroke="white" />
        </svg>
      );
    case 'retrying':
      return (
        <svg {...common}>
          <path d="M13 6.3A5.3 5.3 0 1 0 13.2 9.6" />
          <path d="M13.3 2.6v3.8H9.5" />
        </svg>
      );
    case 'handled':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="currentColor" stroke="none" />
          <path d="M5.6 4.8v3.4a1.6 1.6 0 0 0 1.6 1.6h3.6M9.4 8.3l1.5 1.5-1.5 1.5" stroke="white" strokeWidth="1.5" />
        </svg>
      );
    case 'compensating':
      return (
        <svg {...common} className={`${common.className} animate-pulse`}>
          <circle cx="8" cy="8" r="6.2" />
          <path d="M6.6 5 4.8 6.8l1.8 1.8M5 6.8h4a2.2 2.2 0 0 1 0 4.4H7.6" strokeWidth="1.5" />
        </svg>
      );
    case 'compensated':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" fill="currentColor" stroke="none" />
          <path d="M6.6 5 4.8 6.8l1.8 1.8M5 6.8h4a2.2 2.2 0 0 1 0 4.4H7.6" stroke="white" strokeWidth="1.5" />
        </svg>
      );
    case 'skipped':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" strokeDasharray="2.4 2" />
          <path d="M5.5 8h5" />
        </svg>
      );
    case 'cancelled':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" />
          <path d="m4 12 8-8" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6.2" strokeDasharray="2.4 2" />
        </svg>
      );
  }
}

/**
 * Rounded pill with icon and label. `testId` puts `data-testid` on it. Its text
 * content is the raw status (`running`), capitalised by CSS only, so tests can read it.
 */
export function StatusPill({ status, size = 'sm', testId }: { status: string; size?: 'sm' | 'md'; testId?: string }) {
  const tone = toneOf(status);
  const sz = size === 'md' ? 'gap-1.5 px-2.5 py-1 text-sm' : 'gap-1 px-2 py-0.5 text-xs';
  return (
    <span data-testid={testId} data-status={status} className={`inline-flex items-center whitespace-nowrap rounded-full font-medium ring-1 ring-inset ${tone.pill} ${sz}`}>
      <StatusIcon status={status} className={size === 'md' ? 'h-4 w-4' : 'h-3.5 w-3.5'} />
      <span className="capitalize">{status}</span>
    </span>
  );
}
