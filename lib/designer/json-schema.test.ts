import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '@/lib/nodes/registry';
import { configJsonSchema, fieldKind, humanize, initialValue, issuesByPath, moveItem, newListItem, pathKey, primaryMessages, resolveSchema, singular, type JsonSchema } from './json-schema';

describe('configJsonSchema', () => {
  it('converts every registered node type', () => {
    for (const t of NODE_TYPES) expect(configJsonSchema(t.type), t.type).toMatchObject({ type: 'object' });
    expect(configJsonSchema('nope')).toBeNull();
  });

  it('keeps widget hints and titles', () => {
    const s = configJsonSchema('http')!;
    expect(s.properties!.url).toMatchObject({ title: 'URL', widget: 'template' });
    expect(fieldKind(s.properties!.url!)).toBe('multiline');
    expect(fieldKind(s.properties!.method!)).toBe('enum');
    expect(fieldKind(s.properties!.timeoutMs!)).toBe('integer');
    expect(fieldKind(s.properties!.failOnHttpError!)).toBe('boolean');
    expect(fieldKind(s.properties!.headers!)).toBe('array');
    expect(fieldKind(configJsonSchema('transform')!.properties!.assignTo!)).toBe('text');
  });
});

describe('initialValue', () => {
  it('builds a new array item from defaults and types', () => {
    const s = configJsonSchema('manualTrigger')!;
    const items = s.properties!.inputFields!.items as JsonSchema;
    expect(initialValue(s, items)).toEqual({ name: '', label: '', type: 'text', required: false, options: '' });
    const g = configJsonSchema('exclusiveGateway')!;
    expect(initialValue(g, g.properties!.branches!.items as JsonSchema)).toEqual({ id: '', label: '', condition: '' });
  });

  it('uses minimum for numbers and the first enum value', () => {
    expect(initialValue({}, { type: 'integer', minimum: 3 })).toBe(3);
    expect(initialValue({}, { type: 'string', enum: ['a', 'b'] })).toBe('a');
  });
});

describe('resolveSchema', () => {
  it('follows $ref and unwraps nullable anyOf', () => {
    const root: JsonSchema = { $defs: { X: { type: 'string', title: 'X' } } };
    expect(resolveSchema(root, { $ref: '#/$defs/X', description: 'd' })).toEqual({ type: 'string', title: 'X', description: 'd' });
    expect(resolveSchema(root, { anyOf: [{ type: 'number' }, { type: 'null' }], title: 'N' })).toEqual({ type: 'number', title: 'N' });
  });
});

describe('issues and paths', () => {
  it('keys issues by path', () => {
    const m = issuesByPath([
      { path: ['branches', 0, 'condition'], message: 'required' },
      { path: ['branches', 0, 'condition'], message: 'required' },
      { path: [], message: 'top' },
    ]);
    expect(m.get('branches.0.condition')).toEqual(['required']);
    expect(m.get('')).toEqual(['top']);
    expect(pathKey(['a', 1])).toBe('a.1');
  });
});

describe('text helpers', () => {
  it('singularises list titles', () => {
    expect(['Branches', 'Headers', 'Form fields', 'Outcomes', 'Input fields', 'Status', 'Boxes'].map(singular)).toEqual([
      'Branch',
      'Header',
      'Form field',
      'Outcome',
      'Input field',
      'Status',
      'Box',
    ]);
  });

  it('humanizes keys', () => {
    expect(humanize('timeoutMs')).toBe('Timeout ms');
    expect(humanize('fail_on_error')).toBe('Fail on error');
  });

  it('moves list items', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    const l = ['a'];
    expect(moveItem(l, 0, 1)).toBe(l);
  });
});

describe('newListItem', () => {
  it('prefills a unique id and label for branches and outcomes', () => {
    const g = configJsonSchema('exclusiveGateway')!;
    const items = g.properties!.branches!.items as JsonSchema;
    expect(newListItem(g, items, [{ id: 'yes' }], 'Branches')).toEqual({ id: 'branch_2', label: 'Branch 2', condition: '' });
    expect(newListItem(g, items, [{ id: 'a' }, { id: 'branch_3' }], 'Branches')).toMatchObject({ id: 'branch_4' });
    const u = configJsonSchema('userTask')!;
    expect(newListItem(u, u.properties!.outcomes!.items as JsonSchema, [{}, {}], 'Outcomes')).toEqual({ id: 'outcome_3', label: 'Outcome 3' });
  });

  it('prefills a form field name, but leaves HTTP header names empty', () => {
    const t = configJsonSchema('manualTrigger')!;
    expect(newListItem(t, t.properties!.inputFields!.items as JsonSchema, [], 'Input fields')).toMatchObject({ name: 'input_field_1', label: 'Input field 1' });
    const h = configJsonSchema('http')!;
    expect(newListItem(h, h.properties!.headers!.items as JsonSchema, [], 'Headers')).toEqual({ name: '', value: '' });
  });
});

describe('primaryMessages', () => {
  it('keeps only the "is required" message when there is one', () => {
    expect(primaryMessages(['Port id is required', 'letters, digits, _ and - only'])).toEqual(['Port id is required']);
    expect(primaryMessages(['a', 'b'])).toEqual(['a', 'b']);
  });
});
