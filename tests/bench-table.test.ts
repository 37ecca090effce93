/**
 * The benchmark report (`bench/table.ts`): with peers skipped (`BENCH_PEERS=0`) the
 * table has Baton's column alone; with peers, one column each; with PostgreSQL
 * measured, one Baton column per setup beside SQLite's. Every row of the
 * Markdown table has as many cells as its header and no empty cell.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, type BenchReport } from '@/bench/table';

const baton: BenchReport['baton'] = { w1StepsPerSec: 43500, w2WallMs: 3.9, w3RunsPerSec: 4970, w4HeapBytesPerParkedRun: 2100, w4RssBytesPerParkedRun: 3100, w4ParkAllMs: 900, w4ResumeAllMs: 880 };
const report = (peers: BenchReport['peers']): BenchReport => ({ machine: '2 × cpu', sqlite: 'WAL', reps: 5, baton, peers });

/** The Markdown table's rows, split into trimmed cells. */
function tableCells(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
}

describe('benchmark report', () => {
  it('prints only the shape and Baton columns when no peer was measured, without empty cells', () => {
    for (const peers of [[], [{ engine: 'peers', error: 'npm ci in bench/peers failed' }]]) {
      const text = formatReport(report(peers));
      const rows = tableCells(text);
      expect(rows[0]).toEqual(['shape', 'Baton']);
      expect(rows).toHaveLength(8);
      for (const r of rows) {
        expect(r).toHaveLength(2);
        for (const c of r) expect(c).not.toBe('');
      }
      expect(rows[2]).toEqual(['W1 1,000-step chain, steps/s', '43500']);
      expect(text).not.toContain('relative to that peer');
    }
  });

  it('puts one PostgreSQL column per process count beside SQLite’s, before the peers, with peer ratios against SQLite', () => {
    const pg1 = { processes: 1, w1StepsPerSec: 1400, w2WallMs: 260.5, w3RunsPerSec: 900, w4ParkAllMs: 4100, w4ResumeAllMs: 5200 };
    const pg2 = { ...pg1, processes: 2, w3RunsPerSec: 1500, w4ResumeAllMs: NaN };
    const text = formatReport({ ...report([{ engine: 'n8n-core', version: '2.41.1', w1StepsPerSec: 435, w2WallMs: 7.8, w3RunsPerSec: 2485, w4HeapBytesPerParkedRun: 7000, w4ResumeAllMs: 994 }]), postgres: [pg1, pg2] });
    const rows = tableCells(text);
    expect(rows[0]).toEqual(['shape', 'Baton SQLite', 'Baton PostgreSQL, 1 process', 'Baton PostgreSQL, 2 processes', 'n8n-core 2.41.1']);
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      expect(r).toHaveLength(5);
      for (const c of r) expect(c).not.toBe('');
    }
    expect(rows[2]).toEqual(['W1 1,000-step chain, steps/s', '43500', '1400', '1400', '435 (100.0×)']);
    expect(rows[4]).toEqual(['W3 2,000 runs × 10 steps, runs/s', '4970', '900', '1500', '2485 (2.0×)']);
    expect(rows[6]).toEqual(['W4 park all 10,000, ms', '900', '4100', '4100', '—']);
    expect(rows[7]).toEqual(['W4 resume all 10,000, ms', '880', '5200', '—', '994 (1.1×)']);
    expect(text).toContain('synchronous_commit=on');
  });

  it('adds one column per measured peer with Baton’s ratio, and names the peers that failed', () => {
    const text = formatReport(report([{ engine: 'bpmn-engine', version: '25.0.0', w1StepsPerSec: 8700, w2WallMs: 39, w3RunsPerSec: 994, w4HeapBytesPerParkedRun: 10240, w4ResumeAllMs: 4400 }, { engine: 'n8n-core', error: 'exited 1' }]));
    const rows = tableCells(text);
    expect(rows[0]).toEqual(['shape', 'Baton', 'bpmn-engine 25.0.0']);
    for (const r of rows) expect(r).toHaveLength(3);
    expect(rows[2][2]).toBe('8700 (5.0×)');
    expect(rows[3][2]).toBe('39 (10.0×)');
    expect(text).toContain('n8n-core: not measured — exited 1');
  });
});
