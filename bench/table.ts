/**
 * The Markdown report of `npm run bench`: one column for Baton on SQLite, one per
 * PostgreSQL setup measured in the same run (one and two processes; none with
 * `BENCH_DB=sqlite`), and one per measured peer. With no peer measured (`BENCH_PEERS=0`,
 * or every peer failed) no peer ratios are explained. Peer ratios are SQLite's (the
 * in-process setup the peers compare with). Pure: returns the text.
 */
import type { PgFigures } from './pg';

/** One engine's figures; a peer that could not be measured has `error` instead. */
export interface BenchFigures {
  engine: string;
  version?: string;
  error?: string;
  w1StepsPerSec?: number;
  w2WallMs?: number;
  w3RunsPerSec?: number;
  w4HeapBytesPerParkedRun?: number;
  w4ResumeAllMs?: number;
}

export interface BenchReport {
  machine: string;
  sqlite: string;
  reps: number;
  baton: Required<Omit<BenchFigures, 'engine' | 'version' | 'error'>> & { w4RssBytesPerParkedRun: number; w4ParkAllMs: number };
  peers: BenchFigures[];
  /** Baton on PostgreSQL, one entry per process count (absent or empty: not measured). */
  postgres?: PgFigures[];
}

/** A Markdown table: a header row, the separator, then the rows; every row has the header's cell count. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---|').join('')}`, ...rows.map(line)].join('\n');
}

const kb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 1024).toFixed(2)} KB`);

/** `" (2.3×)"`: Baton relative to a peer, higher is better for Baton; '' when the peer has no figure. */
function ratio(mine: number, theirs: number | undefined, higherIsBetter: boolean): string {
  return theirs ? ` (${(higherIsBetter ? mine / theirs : theirs / mine).toFixed(1)}×)` : '';
}

/** The full report: machine line, the table, notes, and a line per peer that was not measured. */
export function formatReport(r: BenchReport): string {
  const b = r.baton;
  const ok = r.peers.filter((p) => !p.error);
  const figure = (v: number | undefined) => (v === undefined ? '—' : String(v));
  const pgs = r.postgres ?? [];
  const pgCol = (v: (p: PgFigures) => number) => pgs.map((p) => figure(Number.isFinite(v(p)) ? v(p) : undefined));
  const rows: string[][] = [
    ['W1 1,000-step chain, steps/s', String(b.w1StepsPerSec), ...pgCol((p) => p.w1StepsPerSec), ...ok.map((p) => `${figure(p.w1StepsPerSec)}${ratio(b.w1StepsPerSec, p.w1StepsPerSec, true)}`)],
    ['W2 200-branch split/join, ms', String(b.w2WallMs), ...pgCol((p) => p.w2WallMs), ...ok.map((p) => `${figure(p.w2WallMs)}${ratio(b.w2WallMs, p.w2WallMs, false)}`)],
    ['W3 2,000 runs × 10 steps, runs/s', String(b.w3RunsPerSec), ...pgCol((p) => p.w3RunsPerSec), ...ok.map((p) => `${figure(p.w3RunsPerSec)}${ratio(b.w3RunsPerSec, p.w3RunsPerSec, true)}`)],
    ['W4 heap per parked run', kb(b.w4HeapBytesPerParkedRun), ...pgs.map(() => '—'), ...ok.map((p) => kb(p.w4HeapBytesPerParkedRun))],
    ['W4 park all 10,000, ms', String(b.w4ParkAllMs), ...pgCol((p) => p.w4ParkAllMs), ...ok.map(() => '—')],
    ['W4 resume all 10,000, ms', String(b.w4ResumeAllMs), ...pgCol((p) => p.w4ResumeAllMs), ...ok.map((p) => `${figure(p.w4ResumeAllMs)}${ratio(b.w4ResumeAllMs, p.w4ResumeAllMs, false)}`)],
  ];
  const pgHeader = (p: PgFigures) => `Baton PostgreSQL, ${p.processes} process${p.processes === 1 ? '' : 'es'}`;
  const header = ['shape', pgs.length ? 'Baton SQLite' : 'Baton', ...pgs.map(pgHeader), ...ok.map((p) => (p.version ? `${p.engine} ${p.version}` : p.engine))];
  const notes = [
    ...(ok.length ? [`(×: Baton${pgs.length ? ' on SQLite' : ''} relative to that peer, higher is better for Baton.)`] : []),
    `Baton W4: RSS ${kb(b.w4RssBytesPerParkedRun)} per parked run.`,
    ...(pgs.length ? ['PostgreSQL: synchronous_commit=on; with two processes W3’s starts and W4’s decisions are split between them, W1 and W2 are single runs.'] : []),
  ];
  return [
    `Machine: ${r.machine}; SQLite ${r.sqlite}; medians of ${r.reps} after a warm-up round`,
    '',
    markdownTable(header, rows),
    '',
    notes.join(' '),
    ...r.peers.filter((p) => p.error).map((p) => `${p.engine}: not measured — ${p.error}`),
  ].join('\n');
}
