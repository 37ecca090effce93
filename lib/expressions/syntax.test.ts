/** `checkSyntax` and `templateParts`: results, and the remembered results of repeated checks. */
import { describe, expect, it } from 'vitest';
import { checkSyntax, templateParts } from './index';

describe('checkSyntax', () => {
  it('accepts a valid expression and names the position of an error', () => {
    expect(checkSyntax('$sum($input.items.price)')).toBeNull();
    const err = checkSyntax('$input.(');
    expect(err?.position).toBe(8);
    expect(err?.detail).toMatch(/Expected|Unexpected|end of expression/i);
  });

  it('answers a repeated check with the same result, error or not', () => {
    const first = checkSyntax('$steps.a.output.(');
    expect(first).not.toBeNull();
    expect(checkSyntax('$steps.a.output.(')).toBe(first);
    expect(checkSyntax('$steps.a.output.b')).toBeNull();
    expect(checkSyntax('$steps.a.output.b')).toBeNull();
  });

  it('checks long expressions (not remembered) just as well', () => {
    const long = `$input.a + ${Array.from({ length: 600 }, (_, i) => `$input.v${i}`).join(' + ')}`;
    expect(long.length).toBeGreaterThan(2000);
    expect(checkSyntax(long)).toBeNull();
    const bad = `${long} + (`;
    const err = checkSyntax(bad);
    expect(err?.position).toBe(bad.length);
    expect(checkSyntax(bad)).not.toBe(err); // parsed again
    expect(checkSyntax(bad)?.position).toBe(bad.length);
  });

  it('still refuses a regex the linear-time engine cannot run, every time', () => {
    for (let i = 0; i < 2; i++) expect(checkSyntax('$match($input.s, /(a)\\1/)')?.code).toBe('REGEX');
  });
});

describe('templateParts', () => {
  it('ends a part at the first "}}" after which the expression parses', () => {
    expect(templateParts('Hello {{ {"a": 1}.a }}!')).toEqual([{ expr: ' {"a": 1}.a ', start: 6, end: 22 }]);
    expect(templateParts('{{ $input.x ')).toEqual([{ expr: ' $input.x ', start: 0, end: -1 }]);
  });
});
