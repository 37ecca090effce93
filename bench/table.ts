/**
 * The Markdown report of `npm run bench`: one column for Baton and one per measured
 * peer. With no peer measured (`BENCH_PEERS=0`, or every peer failed) the table has
 * Baton's column alone and no peer ratios are explained. Pure: returns the text.
 */

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
  const rows: string[][] = [
    ['W1 1,000-step chain, steps/s', String(b.w1StepsPerSec), ...ok.map((p) => `${figure(p.w1StepsPerSec)}${ratio(b.w1StepsPerSec, p.w1StepsPerSec, true)}`)],
    ['W2 200-branch split/join, ms', String(b.w2WallMs), ...ok.map((p) => `${figure(p.w2WallMs)}${ratio(b.w2WallMs, p.w2WallMs, false)}`)],
    ['W3 2,000 runs × 10 steps, runs/s', String(b.w3RunsPerSec), ...ok.map((p) => `${figure(p.w3RunsPerSec)}${ratio(b.w3RunsPerSec, p.w3RunsPerSec, true)}`)],
    ['W4 heap per parked run', kb(b.w4HeapBytesPerParkedRun), ...ok.map((p) => kb(p.w4HeapBytesPerParkedRun))],
    ['W4 resume all 10,000, ms', String(b.w4ResumeAllMs), ...ok.map((p) => `${figure(p.w4ResumeAllMs)}${ratio(b.w4ResumeAllMs, p.w4ResumeAllMs, false)}`)],
  ];
  const header = ['shape', 'Baton', ...ok.map((p) => (p.version ? `${p.engine} ${p.version}` : p.engine))];
  const notes = [
    ...(ok.length ? ['(×: Baton relative to that peer, higher is better for Baton.)'] : []),
    `Baton W4: RSS ${kb(b.w4RssBytesPerParkedRun)} per parked run; parking all took ${b.w4ParkAllMs} ms.`,
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
