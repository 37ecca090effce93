import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_ALPHABET } from './generate-password';

describe('generatePassword', () => {
  it('is 20 characters from the alphabet, with upper, lower and a digit', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(20);
      expect([...p].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
    }
  });

  it('differs each time', () => {
    expect(new Set(Array.from({ length: 100 }, () => generatePassword())).size).toBe(100);
  });

  it('drops biased bytes instead of folding them onto the first symbols', () => {
    // 255 is above the last whole multiple of the alphabet size: it must be skipped.
    let call = 0;
    const fake = (b: Uint8Array) => {
      call++;
      return b.map((_, i) => (call === 1 ? 255 : [0, 24, 49][i % 3]));
    };
    expect(generatePassword(12, fake)).toBe('Aa2Aa2Aa2Aa2');
  });

  it('refuses lengths outside 10..256', () => {
    expect(() => generatePassword(9)).toThrow(RangeError);
    expect(() => generatePassword(257)).toThrow(RangeError);
  });
});
