/**
 * The benchmark report (`bench/table.ts`): with peers skipped (`BENCH_PEERS=0`) the
 * table has Baton's column alone; with peers, one column each. Every row of the
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
      expect(rows).toHaveLength(7);
      for (const r of rows) {
        expect(r).toHaveLength(2);
        for (const c of r) expect(c).not.toBe('');
      }
      expect(rows[2]).toEqual(['W1 1,000-step chain, steps/s', '43500']);
      expect(text).not.toContain('relative to that peer');
    }
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
