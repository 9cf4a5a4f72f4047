import { describe, expect, it } from 'vitest';
import { mistralOcr } from '../../test/usage-fixtures.js';
import { UsageMissingError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage mistral.ocr', () => {
  it.each([
    {
      name: 'pages_processed of a wire response as pages',
      raw: mistralOcr.wire,
      expected: tokenUsage({ pages: 29 }),
    },
    {
      name: 'pagesProcessed of a TS SDK response',
      raw: mistralOcr.sdk,
      expected: tokenUsage({ pages: 3 }),
    },
    {
      name: 'a bare usage_info',
      raw: { pages_processed: 1, doc_size_bytes: null },
      expected: tokenUsage({ pages: 1 }),
    },
    {
      name: 'a bare usageInfo',
      raw: { pagesProcessed: 1000 },
      expected: tokenUsage({ pages: 1000 }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('mistral.ocr', raw)).toEqual(expected);
  });

  it('should reject a string page count', () => {
    expect(() =>
      normalizeUsage('mistral.ocr', { usage_info: { pages_processed: '29' } }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid mistral.ocr usage: usage_info.pages_processed is the string "29", not a number; expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should report a response without usage_info as missing', () => {
    expect(() =>
      normalizeUsage('mistral.ocr', { pages: [], model: 'mistral-ocr-2505' }),
    ).toThrow(UsageMissingError);
  });
});
