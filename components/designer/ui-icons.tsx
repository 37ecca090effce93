/**
 * Small UI icons used across the app, drawn by `lucide-react` (stroke icons on a
 * 24-unit grid, `currentColor`). `UiIcon` keeps a short, stable set of names so
 * callers never import icon components directly; icons are decorative (`aria-hidden`)
 * and the control that holds one carries the accessible name.
 */
import type { SVGProps } from 'react';
import {
  ArrowDown,
  ArrowUp,
  Check,
  ChevronDown,
  ChevronLeft,
  ChevronRight,
  CircleQuestionMark,
  ClipboardPaste,
  Copy,
  CopyPlus,
  Download,
  Ellipsis,
  ExternalLink,
  GripVertical,
  Info,
  KeyRound,
  Keyboard,
  Link,
  Network,
  Pencil,
  Play,
  Plus,
  Redo2,
  RefreshCw,
  Save,
  Scissors,
  Search,
  SquareDashed,
  Trash,
  TriangleExclamationPoint,
  Undo2,
  Upload,
  Workflow,
  X,
  type LucideIcon,
} from 'lucide-react';

const ICONS = {
  plus: Plus,
  save: Save,
  upload: Upload,
  play: Play,
  download: Download,
  trash: Trash,
  copy: Copy,
  check: Check,
  x: X,
  chevronLeft: ChevronLeft,
  chevronRight: ChevronRight,
  chevronDown: ChevronDown,
  up: ArrowUp,
  down: ArrowDown,
  alert: TriangleExclamationPoint,
  info: Info,
  pencil: Pencil,
  more: Ellipsis,
  search: Search,
  workflow: Workflow,
  externalLink: ExternalLink,
  grip: GripVertical,
  tidy: Network,
  refresh: RefreshCw,
  help: CircleQuestionMark,
  key: KeyRound,
  link: Link,
  undo: Undo2,
  redo: Redo2,
  keyboard: Keyboard,
  scissors: Scissors,
  duplicate: CopyPlus,
  paste: ClipboardPaste,
  select: SquareDashed,
} as const satisfies Record<string, LucideIcon>;

export type UiIconName = keyof typeof ICONS;

/** One named icon, 16 px by default (`className` sets size and colour). */
export function UiIcon({ name, className = 'h-4 w-4', ...props }: { name: UiIconName } & SVGProps<SVGSVGElement>) {
  const Icon = ICONS[name];
  return <Icon aria-hidden focusable={false} strokeWidth={2} className={className} {...props} />;
}

/** A spinning progress ring (decorative: the busy control says what is happening). */
export function Spinner({ className = 'h-4 w-4' }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" fill="none" className={`${className} animate-spin`} aria-hidden>
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity={0.25} strokeWidth={2} />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth={2} strokeLinecap="round" />
    </svg>
  );
}
