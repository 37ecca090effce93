/** How a step's run status looks on a node: colours, icon and words. Shared by the node card and legends. */
import type { NodeRunStatus } from '@/lib/designer/types';

export const RUN_STATUS_LABEL: Record<NodeRunStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  retrying: 'Retrying',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  handled: 'Error handled',
  failed: 'Failed',
  compensating: 'Undoing',
  compensated: 'Undone',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** Classes of the card for a status (ring, border, opacity). */
export const RUN_STATUS_CARD: Record<NodeRunStatus, string> = {
  pending: 'border-slate-200 opacity-80',
  running: 'border-blue-400 ring-2 ring-blue-500/70',
  retrying: 'border-amber-400 ring-2 ring-amber-500/70',
  waiting: 'border-pink-400 ring-2 ring-pink-500/70',
  succeeded: 'border-emerald-400 ring-2 ring-emerald-500/60',
  handled: 'border-orange-300 ring-2 ring-orange-400/60',
  failed: 'border-red-400 ring-2 ring-red-500/70',
  compensating: 'border-violet-400 ring-2 ring-violet-500/70',
  compensated: 'border-violet-300 ring-2 ring-violet-400/60',
  skipped: 'border-dashed border-slate-300 opacity-55',
  cancelled: 'border-slate-300 opacity-70',
};

/** Classes of the status pill. */
export const RUN_STATUS_PILL: Record<NodeRunStatus, string> = {
  pending: 'bg-slate-100 text-slate-500 ring-slate-200',
  running: 'bg-blue-50 text-blue-700 ring-blue-200',
  retrying: 'bg-amber-50 text-amber-800 ring-amber-300',
  waiting: 'bg-pink-50 text-pink-700 ring-pink-200',
  succeeded: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  handled: 'bg-orange-50 text-orange-800 ring-orange-200',
  failed: 'bg-red-50 text-red-700 ring-red-200',
  compensating: 'bg-violet-50 text-violet-700 ring-violet-200',
  compensated: 'bg-violet-50 text-violet-700 ring-violet-200',
  skipped: 'bg-slate-50 text-slate-500 ring-slate-200',
  cancelled: 'bg-slate-100 text-slate-600 ring-slate-200',
};

/** The small status icon (12px). */
export function RunStatusIcon({ status, className = 'h-3 w-3' }: { status: NodeRunStatus; className?: string }) {
  const common = { viewBox: '0 0 16 16', className, 'aria-hidden': true, fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round' as const, strokeLinejoin: 'round' as const };
  switch (status) {
    case 'succeeded':
      return (
        <svg {...common}>
          <path d="m3.5 8.5 3 3 6-7" />
        </svg>
      );
    case 'failed':
      return (
        <svg {...common}>
          <path d="m4.5 4.5 7 7M11.5 4.5l-7 7" />
        </svg>
      );
    case 'running':
      return (
        <svg {...common} className={`${className} animate-spin`}>
          <circle cx="8" cy="8" r="5.5" strokeOpacity={0.25} />
          <path d="M13.5 8A5.5 5.5 0 0 0 8 2.5" />
        </svg>
      );
    case 'waiting':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M8 5v3.2l2 1.3" />
        </svg>
      );
    case 'retrying':
      return (
        <svg {...common}>
          <path d="M12.8 6.2A5 5 0 1 0 13 9.5" />
          <path d="M13 2.8v3.6H9.4" />
        </svg>
      );
    case 'handled':
      return (
        <svg {...common}>
          <path d="M4 2.5v6a2.5 2.5 0 0 0 2.5 2.5H13" />
          <path d="m10.5 8.5 2.5 2.5-2.5 2.5" />
        </svg>
      );
    case 'compensating':
    case 'compensated':
      return (
        <svg {...common} className={`${className} ${status === 'compensating' ? 'animate-pulse' : ''}`}>
          <path d="M6 3 3 6l3 3" />
          <path d="M3.5 6H10a3.5 3.5 0 0 1 0 7H7" />
        </svg>
      );
    case 'skipped':
      return (
        <svg {...common}>
          <path d="M3 8h7M8 5l3 3-3 3M13 4v8" />
        </svg>
      );
    case 'cancelled':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="m4.2 11.8 7.6-7.6" />
        </svg>
      );
    default:
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5" strokeDasharray="2.5 2.5" />
        </svg>
      );
  }
}
