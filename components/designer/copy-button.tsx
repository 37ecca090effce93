'use client';
/** A button that copies a text to the clipboard and says "Copied" for a moment. */
import { useState } from 'react';
import { Button } from './ui';
import { UiIcon } from './ui-icons';

/**
 * Copies `text`. The Clipboard API exists only on secure origins (https, localhost);
 * a self-hosted Baton on plain http falls back to a hidden textarea and `execCommand`.
 * @returns whether the text reached the clipboard.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the fallback
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Copies `text`; the button says "Copied" (or "Select and copy" when the browser refused) for a moment. */
export function CopyButton({ text, testId, label = 'Copy' }: { text: string; testId?: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    setState((await copyText(text)) ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), 1800);
  };
  return (
    <Button size="sm" onClick={() => void copy()} data-testid={testId} data-copied={state === 'copied' || undefined} icon={<UiIcon name={state === 'copied' ? 'check' : 'copy'} />} disabled={!text}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
    </Button>
  );
}
