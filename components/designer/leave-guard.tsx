'use client';
/**
 * Guards unsaved changes of the open workflow. Closing or reloading the tab gets the
 * browser's own prompt (`beforeunload`, the only one browsers allow there); following an
 * in-app link asks in Baton's dialog — stay, or leave without saving — and navigates only
 * after the person chose to leave.
 */
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useDesigner } from '@/lib/designer/store';
import { Button, Dialog } from './ui';

export function LeaveGuard() {
  const dirty = useDesigner((s) => s.dirty);
  const router = useRouter();
  const [target, setTarget] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      e.preventDefault();
      e.stopPropagation();
      setTarget(url.pathname + url.search + url.hash);
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty]);

  return (
    <Dialog
      open={target !== null}
      onClose={() => setTarget(null)}
      testId="leave-dialog"
      title="Leave without saving?"
      description="This workflow has changes that are not saved. If you leave now, they are lost."
      footer={
        <>
          <Button onClick={() => setTarget(null)} data-autofocus data-testid="stay">
            Stay and keep editing
          </Button>
          <Button
            variant="danger"
            data-testid="leave-without-saving"
            onClick={() => {
              const to = target;
              setTarget(null);
              if (to) router.push(to);
            }}
          >
            Leave without saving
          </Button>
        </>
      }
    />
  );
}
