import { describe, expect, it } from 'vitest';
import { rewriteCode, rewriteConfig, rewriteExpression, rewriteTemplate } from './references';

const m = (pairs: Record<string, string>) => new Map(Object.entries(pairs));

describe('rewriteExpression', () => {
  it.each([
    ['$steps.a.output', '$steps.b.output'],
    ['$steps.a', '$steps.b'],
    ['$steps . a.output.x', '$steps . b.output.x'],
    ['$steps.`a`.output', '$steps.b.output'],
    ['$$.steps.a.output', '$$.steps.b.output'],
    ['steps.a.output', 'steps.b.output'],
    ['$count($steps.a.output.items) > 0 and $steps.a.output.ok', '$count($steps.b.output.items) > 0 and $steps.b.output.ok'],
    ['{ "x": $steps.a.output }', '{ "x": $steps.b.output }'],
  ])('rewrites %s', (input, expected) => {
    expect(rewriteExpression(input, m({ a: 'b' }))).toBe(expected);
  });

  it.each([
    ['"$steps.a.output"'],
    ["'it is $steps.a'"],
    ['"say \\"$steps.a\\""'],
    ['/* $steps.a */ 1'],
    ['$match($input.s, /steps.a"/)'],
    ['$steps.ab.output'],
    ['$steps.a_2.output'],
    ['$input.steps.a'],
    ['$mysteps.a'],
    ['$stepsX.a'],
    ['`$steps.a`'],
    [''],
  ])('leaves %s alone', (input) => {
    expect(rewriteExpression(input, m({ a: 'b' }))).toBe(input);
  });

  it('swaps ids at once, not one after another', () => {
    expect(rewriteExpression('$steps.a.output + $steps.b.output', m({ a: 'b', b: 'a' }))).toBe('$steps.b.output + $steps.a.output');
  });

  it('keeps a division from being read as a regex', () => {
    expect(rewriteExpression('$steps.a.output.n / 2 + $steps.a.output.m / 3', m({ a: 'z' }))).toBe('$steps.z.output.n / 2 + $steps.z.output.m / 3');
  });
});

describe('rewriteTemplate', () => {
  it('rewrites only inside {{ }} parts', () => {
    expect(rewriteTemplate('Check $steps.a for {{ $steps.a.output.name }}!', m({ a: 'credit' }))).toBe('Check $steps.a for {{ $steps.credit.output.name }}!');
    expect(rewriteTemplate('/api/{{$steps.a.output.id}}/x/{{ "$steps.a" }}', m({ a: 'b' }))).toBe('/api/{{$steps.b.output.id}}/x/{{ "$steps.a" }}');
  });
  it('leaves an unclosed part and plain text alone', () => {
    expect(rewriteTemplate('no parts $steps.a', m({ a: 'b' }))).toBe('no parts $steps.a');
    expect(rewriteTemplate('{{ $steps.a', m({ a: 'b' }))).toBe('{{ $steps.a');
  });
});

describe('rewriteCode', () => {
  it('rewrites member access, optional chaining and string keys', () => {
    const code = "const x = $steps.a.output;\nconst y = $steps?.a?.output;\nreturn $steps['a'].output + $steps[\"a\"].output;";
    expect(rewriteCode(code, m({ a: 'b' }))).toBe("const x = $steps.b.output;\nconst y = $steps?.b?.output;\nreturn $steps['b'].output + $steps[\"b\"].output;");
  });
  it('skips strings, comments and template literals', () => {
    const code = "// $steps.a\nconst s = '$steps.a' + `$steps.a`;\nreturn s;";
    expect(rewriteCode(code, m({ a: 'b' }))).toBe(code);
  });
  it('returns code that does not tokenize unchanged', () => {
    expect(rewriteCode("return $steps.a + '", m({ a: 'b' }))).toBe("return $steps.a + '");
  });
});

describe('rewriteConfig', () => {
  it('rewrites expression, template and list fields, keeping unchanged objects', () => {
    const config = {
      method: 'POST',
      url: 'https://x/{{ $steps.a.output.id }}',
      headers: [{ name: 'X-A', value: '{{ $steps.a.output.token }}' }, { name: 'X-B', value: 'fixed' }],
      body: '$steps.a.output',
    };
    const out = rewriteConfig('http', config, m({ a: 'b' }));
    expect(out).toEqual({
      method: 'POST',
      url: 'https://x/{{ $steps.b.output.id }}',
      headers: [{ name: 'X-A', value: '{{ $steps.b.output.token }}' }, { name: 'X-B', value: 'fixed' }],
      body: '$steps.b.output',
    });
    expect((out.headers as unknown[])[1]).toBe(config.headers[1]);
    expect(rewriteConfig('http', config, m({ zz: 'b' }))).toBe(config);
  });
  it('rewrites gateway conditions and code', () => {
    const g = rewriteConfig('exclusiveGateway', { branches: [{ id: 'hi', label: 'Hi', condition: '$steps.a.output.score > 5' }] }, m({ a: 'b' }));
    expect(g).toEqual({ branches: [{ id: 'hi', label: 'Hi', condition: '$steps.b.output.score > 5' }] });
    expect(rewriteConfig('code', { code: 'return $steps.a.output;' }, m({ a: 'b' }))).toEqual({ code: 'return $steps.b.output;' });
  });
});
