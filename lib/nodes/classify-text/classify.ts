/**
 * Offline text classification (server only: the AFINN word list is large).
 * Sentiment: the `sentiment` package (AFINN-165, English): `score` is the sum of the
 * word scores (−5…+5 each), `comparative` the score per token. Keywords: whole-word,
 * case-insensitive matches of comma-separated words or phrases (Unicode letters and
 * digits delimit words; spaces inside a phrase match any run of white space).
 */
import 'server-only';
import Sentiment from 'sentiment';
import type { SentimentLabel } from './definition';

const analyzer = new Sentiment();

export interface SentimentResult {
  score: number;
  comparative: number;
  label: SentimentLabel;
}

/** Sentiment of `text`; `neutralBand`: |comparative| at or below it is `neutral`. */
export function sentimentOf(text: string, neutralBand: number): SentimentResult {
  const r = analyzer.analyze(text);
  const comparative = Number.isFinite(r.comparative) ? r.comparative : 0;
  const label: SentimentLabel = r.score === 0 || Math.abs(comparative) <= neutralBand ? 'neutral' : r.score > 0 ? 'positive' : 'negative';
  return { score: r.score, comparative: Math.round(comparative * 10_000) / 10_000, label };
}

const patternCache = new Map<string, RegExp | null>();

/** A whole-word, case-insensitive pattern for a comma-separated keyword list (null when it has no keyword). */
export function keywordPattern(list: string): RegExp | null {
  if (patternCache.has(list)) return patternCache.get(list)!;
  const words = list
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k) => k.split(/\s+/).map(escapeRegExp).join('\\s+'));
  const re = words.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.join('|')})(?![\\p{L}\\p{N}_])`, 'iu') : null;
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(list, re);
  return re;
}

/** Ids of the labels whose keywords occur in `text`, in label order. */
export function labelsOf(text: string, labels: readonly { id: string; keywords: string }[]): string[] {
  return labels.filter((l) => keywordPattern(l.keywords)?.test(text)).map((l) => l.id);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
