'use client';
/** Key names as the user's platform writes them (⌘ on Apple devices, Ctrl elsewhere), and a key chord in `<kbd>`s. */

/** True on macOS and iOS, where the command key is the modifier. */
export function isApple(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** `mod` → ⌘ or Ctrl, `shift` → ⇧ or Shift. */
export function keyLabel(k: string): string {
  const apple = isApple();
  if (k === 'mod') return apple ? '⌘' : 'Ctrl';
  if (k === 'shift') return apple ? '⇧' : 'Shift';
  if (k === 'alt') return apple ? '⌥' : 'Alt';
  return k;
}

/** A chord such as `['mod', 'Z']` as small key caps. */
export function Keys({ keys, className = '' }: { keys: readonly string[]; className?: string }) {
  return (
    <span className={`inline-flex items-center gap-1 ${className}`}>
      {keys.map((k, i) => (
        <kbd key={i} className="inline-flex h-5 min-w-5 items-center justify-center rounded border border-slate-200 bg-white px-1.5 font-sans text-[11px] font-medium text-slate-600 shadow-[0_1px_0_rgb(226_232_240)]">
          {keyLabel(k)}
        </kbd>
      ))}
    </span>
  );
}
