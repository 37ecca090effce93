import { describe, expect, it } from 'vitest';
import { NodeIdSchema, TokenIdSchema } from '@/lib/workflow/document';
import { edgeIdSource, nextEdgeId, nextNodeId, nodeIdFromLabel, nodeIdPrefix, slugId } from './ids';

describe('nextNodeId', () => {
  it('numbers nodes per type, after the highest number used', () => {
    expect(nextNodeId('http', [])).toBe('http_1');
    expect(nextNodeId('http', ['http_1', 'http_7', 'userTask_9'])).toBe('http_8');
    expect(nextNodeId('userTask', ['http_1', 'start'])).toBe('userTask_1');
  });

  it('always yields a valid node id, whatever the type id', () => {
    for (const t of ['http', 'user-task', '1x', 'a.b', '', 'x'.repeat(80)]) {
      const id = nextNodeId(t, []);
      expect(NodeIdSchema.safeParse(id).success, id).toBe(true);
    }
    expect(nodeIdPrefix('user-task')).toBe('user_task');
  });
});

describe('nodeIdFromLabel', () => {
  it('reads the label as an identifier, numbering from 2 when taken', () => {
    expect(nodeIdFromLabel('Credit check', [])).toBe('credit_check');
    expect(nodeIdFromLabel('Credit check', ['credit_check'])).toBe('credit_check_2');
    expect(nodeIdFromLabel('Credit check', ['credit_check', 'credit_check_2'])).toBe('credit_check_3');
    expect(nodeIdFromLabel('HTTP request', ['x'])).toBe('http_request');
  });
  it('always yields a valid node id', () => {
    expect(slugId('Crédit — check!')).toBe('credit_check');
    expect(slugId('2nd step')).toBe('n_2nd_step');
    expect(slugId('!!!')).toBe('node');
    for (const l of ['', '   ', '1', 'ü', 'x'.repeat(200), 'a b c', '日本語']) {
      const id = nodeIdFromLabel(l, ['node']);
      expect(NodeIdSchema.safeParse(id).success, id).toBe(true);
    }
  });
});

describe('nextEdgeId', () => {
  it('continues e<n> numbering and is a valid token id', () => {
    expect(nextEdgeId([])).toBe('e1');
    expect(nextEdgeId(['e1', 'e4', 'x9'])).toBe('e5');
    expect(TokenIdSchema.safeParse(nextEdgeId(['e1'])).success).toBe(true);
    const next = edgeIdSource(['e1', 'e3', 'x']);
    expect([next(), next()]).toEqual(['e4', 'e5']);
  });
});
