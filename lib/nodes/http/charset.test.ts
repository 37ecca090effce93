import { describe, expect, it } from 'vitest';
import { parseBody } from './request';
import { textDecoderFor } from './charset';

describe('response charsets', () => {
  it('decodes UTF-8, UTF-16 and single-byte charsets; refuses charsets that can swallow ASCII', () => {
    expect(textDecoderFor('text/plain')?.encoding).toBe('utf-8');
    expect(textDecoderFor('text/plain; charset=UTF-16LE')?.encoding).toBe('utf-16le');
    expect(textDecoderFor('text/plain; charset="iso-8859-1"')?.encoding).toBe('windows-1252');
    expect(textDecoderFor('text/plain; charset=koi8-r')?.encoding).toBe('koi8-r');
    expect(textDecoderFor('text/plain; charset=no-such-charset')?.encoding).toBe('utf-8');
    for (const cs of ['shift_jis', 'euc-jp', 'iso-2022-jp', 'gbk', 'gb18030', 'big5', 'euc-kr']) expect(textDecoderFor(`text/plain; charset=${cs}`), cs).toBeNull();
  });

  it('keeps a body in such a charset as base64, for text, auto and JSON content types', () => {
    const bytes = Buffer.concat([Buffer.from([0x82]), Buffer.from('token-123')]);
    const asBinary = { encoding: 'base64', data: bytes.toString('base64'), size: bytes.length };
    expect(parseBody(bytes, 'text/plain; charset=shift_jis', 'text')).toMatchObject(asBinary);
    expect(parseBody(bytes, 'text/plain; charset=shift_jis', 'auto')).toMatchObject(asBinary);
    expect(parseBody(bytes, 'application/json; charset=big5', 'auto')).toMatchObject(asBinary);
    // Decoded as Shift_JIS, the lead byte would take the secret's first character with it.
    expect(new TextDecoder('shift_jis').decode(bytes)).not.toContain('token-123');
  });

  it('treats response JSON nested deeper than the limit like JSON that cannot be parsed', () => {
    const deep = Buffer.from(`${'['.repeat(300)}1${']'.repeat(300)}`);
    expect(parseBody(deep, 'application/json', 'auto')).toBe(deep.toString());
    expect(() => parseBody(deep, 'application/json', 'json')).toThrow(/nested deeper than 256 levels/);
    expect(parseBody(Buffer.from(`${'['.repeat(256)}1${']'.repeat(256)}`), 'application/json', 'json')).toHaveLength(1);
  });
});
