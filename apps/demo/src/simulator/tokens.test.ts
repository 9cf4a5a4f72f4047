import { describe, expect, it } from 'vitest';
import { estimateTokens, tokenize } from './tokens.js';

describe('estimateTokens', () => {
  it('should count short words as one token and punctuation apart', () => {
    // Validate(2: 'Valida'+'te') claim(1) 12345(2: '123'+'45') .(1) = 6
    expect(estimateTokens('Validate claim 12345.')).toBe(6);
  });

  it('should count long words by 4-letter groups after the first 6', () => {
    // epidemiological: 15 letters = 6 + 4 + 4 + 1 -> 4 tokens
    expect(estimateTokens('epidemiological')).toBe(4);
  });

  it('should count nothing for whitespace', () => {
    expect(estimateTokens('  \n\t ')).toBe(0);
  });

  it('should agree with tokenize', () => {
    const text = 'The RCT (n=1,204) reported a 12.5% risk reduction.';

    expect(tokenize(text)).toEqual([
      'The',
      'RCT',
      '(',
      'n',
      '=',
      '1',
      ',',
      '204',
      ')',
      'report',
      'ed',
      'a',
      '12',
      '.',
      '5',
      '%',
      'risk',
      'reduct',
      'ion',
      '.',
    ]);
    expect(estimateTokens(text)).toBe(20);
  });
});
