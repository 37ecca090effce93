'use client';
import { toast } from './toast';

/** Copies text to the clipboard (with a fallback for insecure origins) and confirms it with a toast. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
  toast.success('Copied', text);
}
