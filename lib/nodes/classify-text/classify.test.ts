import { describe, expect, it } from 'vitest';
import { keywordPattern, labelsOf, sentimentOf } from './classify';

describe('sentiment (AFINN)', () => {
  it('labels positive, negative and neutral text', () => {
    expect(sentimentOf('Thank you, the support was excellent and fast!', 0)).toMatchObject({ label: 'positive' });
    const angry = sentimentOf('The package arrived broken and I am really angry.', 0);
    expect(angry.label).toBe('negative');
    expect(angry.score).toBeLessThan(0);
    expect(angry.comparative).toBeCloseTo(angry.score / 9, 3);
    expect(sentimentOf('The order number is 12345.', 0)).toEqual({ score: 0, comparative: 0, label: 'neutral' });
    expect(sentimentOf('', 0)).toEqual({ score: 0, comparative: 0, label: 'neutral' });
  });

  it('a neutral band turns weak sentiment neutral', () => {
    const text = 'ok so the delivery came on tuesday and the box was fine I guess and then I opened it';
    const s = sentimentOf(text, 0);
    expect(s.label).not.toBe('neutral');
    expect(sentimentOf(text, Math.abs(s.comparative)).label).toBe('neutral');
  });
});

describe('keyword labels', () => {
  const labels = [
    { id: 'refund', keywords: 'refund, money back, chargeback' },
    { id: 'shipping', keywords: 'delivery, package, tracking number' },
    { id: 'legal', keywords: 'lawyer,  , ' },
  ];
  it('matches whole words and phrases in any letter case, in label order', () => {
    expect(labelsOf('I want my MONEY   back, the Package never came', labels)).toEqual(['refund', 'shipping']);
    expect(labelsOf('Where is my tracking\nnumber?', labels)).toEqual(['shipping']);
    expect(labelsOf('refunds are slow; packaged goods', labels)).toEqual([]);
    expect(labelsOf('Mon avocat (lawyer) écrira', labels)).toEqual(['legal']);
    expect(labelsOf('café-refund', labels)).toEqual(['refund']);
  });
  it('keywords are text, never patterns', () => {
    expect(keywordPattern('a.c, (x)')!.test('abc')).toBe(false);
    expect(labelsOf('price is $5 (x) today', [{ id: 'p', keywords: '(x)' }])).toEqual(['p']);
    expect(labelsOf('x marks the spot', [{ id: 'p', keywords: '(x)' }])).toEqual([]);
    expect(labelsOf('use c++ daily', [{ id: 'cpp', keywords: 'c++' }])).toEqual(['cpp']);
    expect(keywordPattern(' , ')).toBeNull();
  });
});
