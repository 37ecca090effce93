/** Log segments stay bounded: by record count and by characters of JSON. */
import { describe, expect, it } from 'vitest';
import { logSegments, SEGMENT_MAX_RECORDS } from './segments';
import type { RunLogRecord } from '@/lib/engine/types';

const recs = (n: number, pad = ''): RunLogRecord[] =>
  Array.from({ length: n }, (_, i) => ({ seq: i + 1, at: 1000 + i, type: 'step.activated', stepId: `a#${i + 1}`, nodeId: 'a', edgeId: pad || null }) as RunLogRecord);

describe('logSegments', () => {
  it('cuts a long batch into segments that tile its seq range', () => {
    const log = recs(2 * SEGMENT_MAX_RECORDS + 7);
    const segs = logSegments(log);
    expect(segs.map((s) => [s.seq, s.lastSeq])).toEqual([
      [1, SEGMENT_MAX_RECORDS],
      [SEGMENT_MAX_RECORDS + 1, 2 * SEGMENT_MAX_RECORDS],
      [2 * SEGMENT_MAX_RECORDS + 1, 2 * SEGMENT_MAX_RECORDS + 7],
    ]);
    expect(segs.flatMap((s) => JSON.parse(s.data))).toEqual(log);
    expect(segs[2]).toMatchObject({ type: 'step.activated', at: log.at(-1)!.at });
  });

  it('closes a segment at its size limit; a huge record stands alone', () => {
    const log = recs(5, 'x'.repeat(200_000));
    const segs = logSegments(log);
    expect(segs.map((s) => s.lastSeq - s.seq + 1)).toEqual([3, 2]);
    expect(logSegments([])).toEqual([]);
  });
});
