'use client';
/**
 * The `webhookToken` widget: the webhook's full URL (this server's origin +
 * `/api/hooks/<token>`), read only, with Copy and "New URL" (a fresh token; the old
 * URL stops working once the workflow is published again).
 */
import { useSyncExternalStore } from 'react';
import { newWebhookToken, webhookPath } from '@/lib/nodes/webhook-trigger/definition';
import { IconButton } from '../ui';
import { UiIcon } from '../ui-icons';
import { copyText } from '../copy';

const noSubscribe = () => () => {};

export function WebhookUrlControl({ id, value, onChange, invalid, testId }: { id: string; value: string | undefined; onChange: (v: string) => void; invalid: boolean; testId: string }) {
  const origin = useSyncExternalStore(noSubscribe, () => window.location.origin, () => '');
  const token = typeof value === 'string' ? value : '';
  const url = token ? `${origin}${webhookPath(token)}` : '';
  return (
    <div>
      <div className={`flex items-start gap-1 rounded-md border bg-slate-50 py-1 pr-1 pl-2.5 ${invalid ? 'border-red-400' : 'border-slate-200'}`}>
        <span className="mt-1 shrink-0 rounded bg-emerald-100 px-1 py-px font-mono text-[10px] font-semibold text-emerald-700">POST</span>
        <code id={id} className="min-w-0 flex-1 py-1 font-mono text-[11.5px] leading-snug break-all text-slate-700" data-testid={testId}>
          {url || 'no URL yet'}
        </code>
        <IconButton label="Copy webhook URL" data-testid="copy-webhook-url" disabled={!url} onClick={() => void copyText(url)}>
          <UiIcon name="copy" className="h-3.5 w-3.5" />
        </IconButton>
        <IconButton
          label="New URL (the current one stops working after the next publish)"
          data-testid="regenerate-webhook-url"
          onClick={() => {
            if (!token || window.confirm('Create a new URL? Systems calling the current URL will get 404 once you publish.')) onChange(newWebhookToken());
          }}
        >
          <UiIcon name="refresh" className="h-3.5 w-3.5" />
        </IconButton>
      </div>
    </div>
  );
}
