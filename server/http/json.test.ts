/** The JSON depth scan that runs before request JSON is parsed (`server/http/json.ts`). */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { jsonTooDeep, parseJson } from './json';

const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('jsonTooDeep', () => {
  it('accepts exactly the limit and refuses one level more, for strings and UTF-8 bytes', () => {
    expect(jsonTooDeep(nest(64), 64)).toBe(false);
    expect(jsonTooDeep(nest(65), 64)).toBe(true);
    expect(jsonTooDeep(new TextEncoder().encode(`{"ä":${nest(64)}}`), 65)).toBe(false);
    expect(jsonTooDeep(new TextEncoder().encode(`{"ä":${nest(65)}}`), 65)).toBe(true);
  });

  it('counts objects and arrays alike, and siblings do not add up', () => {
    expect(jsonTooDeep('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(jsonTooDeep('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(jsonTooDeep(`[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonTooDeep(JSON.stringify({ s: '[[[[[[[[[[{{{{{{{{' }), 2)).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ s: 'say \\"[[[[[[\\" and "[[[["' }), 2)).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ s: 'back\\slash\\' , t: [[1]] }), 3)).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ s: 'back\\slash\\' , t: [[[1]]] }), 3)).toBe(true);
  });
});

describe('parseJson', () => {
  it('parses JSON within the limit and refuses deeper JSON with a 400 naming the limit', () => {
    expect(parseJson('{"a":[1,{"b":2}]}', 64)).toEqual({ a: [1, { b: 2 }] });
    let err: unknown;
    try {
      parseJson(nest(5000), 64);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe('bad_request');
    expect((err as AppError).message).toMatch(/nested deeper than 64 levels/);
  });

  it('leaves malformed JSON to JSON.parse (SyntaxError)', () => {
    expect(() => parseJson('{"a":', 64)).toThrow(SyntaxError);
  });
});
