import { describe, expect, it } from 'vitest';
import { latestVersionOf, workflowOptions } from './workflow-picker';

const list = [
  { id: 'w-b', name: 'Billing', latestVersion: 3, hasUnpublishedChanges: false },
  { id: 'w-a', name: 'Approvals', latestVersion: 1, hasUnpublishedChanges: true },
  { id: 'w-draft', name: 'Draft only', latestVersion: 0, hasUnpublishedChanges: true },
  { id: 'w-self', name: 'Me', latestVersion: 2, hasUnpublishedChanges: false },
];

describe('workflowOptions', () => {
  it('offers published workflows but this one, sorted by name', () => {
    expect(workflowOptions(list, '', 'w-self')).toEqual([
      { value: 'w-a', label: 'Approvals · v1' },
      { value: 'w-b', label: 'Billing · v3' },
    ]);
  });
  it('keeps a current value that is not offered, saying why', () => {
    expect(workflowOptions(list, 'gone', 'w-self')[0]).toEqual({ value: 'gone', label: '(missing) gone', status: 'missing' });
    expect(workflowOptions(list, 'w-self', 'w-self')[0]).toMatchObject({ label: '(this workflow) Me', status: 'self' });
    expect(workflowOptions(list, 'w-draft', 'w-self')[0]).toMatchObject({ label: '(unpublished) Draft only', status: 'unpublished' });
    expect(workflowOptions(list, 'w-b', 'w-self')).toHaveLength(2);
  });
  it('adds the id when names repeat', () => {
    const dup = [...list, { id: 'w-b2', name: 'Billing', latestVersion: 5 }];
    expect(workflowOptions(dup, '', null).map((o) => o.label)).toContain('Billing (w-b2) · v5');
  });
  it('while loading offers only the current value', () => {
    expect(workflowOptions(undefined, 'w-b', null)).toEqual([{ value: 'w-b', label: 'w-b', status: 'loading' }]);
    expect(workflowOptions(undefined, '', null)).toEqual([]);
  });
});

describe('latestVersionOf', () => {
  it('gives the latest published version or null', () => {
    expect(latestVersionOf(list, 'w-b')).toBe(3);
    expect(latestVersionOf(list, 'w-draft')).toBeNull();
    expect(latestVersionOf(list, 'nope')).toBeNull();
    expect(latestVersionOf(undefined, 'w-b')).toBeNull();
    expect(latestVersionOf(list, undefined)).toBeNull();
  });
});
