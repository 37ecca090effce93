import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { searchItems, searchNodeTypes } from './node-search';

describe('node search', () => {
  it('"approval" finds the user task by its keywords', () => {
    expect(searchNodeTypes(NODE_TYPES, 'approval').map((t) => t.type)).toContain('userTask');
  });
  it('matches descriptions and ranks label matches first', () => {
    const types = searchNodeTypes(NODE_TYPES, 'http');
    expect(types[0]!.type).toBe('http');
    expect(searchNodeTypes(NODE_TYPES, 'cron').map((t) => t.type)).toEqual(['scheduleTrigger']);
  });
  it('needs every word, and an empty query keeps everything in order', () => {
    const items = [
      { id: 'a', label: 'Credit check', description: 'calls the bureau' },
      { id: 'b', label: 'Send email', keywords: ['notify'] },
    ];
    expect(searchItems(items, 'credit bureau').map((i) => i.id)).toEqual(['a']);
    expect(searchItems(items, 'credit notify')).toEqual([]);
    expect(searchItems(items, '  ').map((i) => i.id)).toEqual(['a', 'b']);
  });
});
