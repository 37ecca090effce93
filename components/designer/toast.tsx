'use client';
/** Transient notifications (bottom right). `toast.success('Published v3')` from anywhere on the client. */
import { create } from 'zustand';
import { UiIcon } from './ui-icons';

type Tone = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  tone: Tone;
  title: string;
  detail?: string;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>, ms: number): void;
  dismiss(id: number): void;
}

let seq = 0;
const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(t, ms) {
    const id = ++seq;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { ...t, id }] }));
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export const toast = {
  success: (title: string, detail?: string) => useToasts.getState().push({ tone: 'success', title, detail }, 4000),
  error: (title: string, detail?: string) => useToasts.getState().push({ tone: 'error', title, detail }, 9000),
  info: (title: string, detail?: string) => useToasts.getState().push({ tone: 'info', title, detail }, 4000),
};

const TONE: Record<Tone, { icon: 'check' | 'alert' | 'info'; cls: string }> = {
  success: { icon: 'check', cls: 'bg-emerald-100 text-emerald-700' },
  error: { icon: 'alert', cls: 'bg-red-100 text-red-700' },
  info: { icon: 'info', cls: 'bg-indigo-100 text-indigo-700' },
};

export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-[380px] flex-col gap-2" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          role={t.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
          data-tone={t.tone}
          className="pointer-events-auto flex items-start gap-3 rounded-lg bg-white p-3 pr-2 shadow-lg ring-1 ring-slate-900/10"
        >
          <span className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full ${TONE[t.tone].cls}`}>
            <UiIcon name={TONE[t.tone].icon} className="h-3 w-3" />
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{t.title}</p>
            {t.detail && <p className="mt-0.5 text-[13px] break-words text-slate-500">{t.detail}</p>}
          </div>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-600">
            <UiIcon name="x" className="h-3.5 w-3.5" />
          </button>
        </div>
      ))}
    </div>
  );
}
