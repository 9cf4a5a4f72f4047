import { type TokenUsage, tokenUsage } from '../schema.js';
import { requireCount, type UsageRecord } from './counts.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'mistral.ocr';

/**
 * Mistral OCR: billed per page; `usage_info.pages_processed` (the TS SDK's
 * `usageInfo.pagesProcessed`) becomes `pages`, and no tokens are counted.
 * https://docs.mistral.ai/api/#tag/ocr
 */
export const mistralOcr: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage_info'], ['usageInfo']],
  markers: ['pages_processed', 'pagesProcessed'],
  missingHint:
    'OCR responses carry usage_info (usageInfo with the TS SDK): pass the whole OCR response.',
  normalize: normalizeMistralOcr,
};

function normalizeMistralOcr(usage: UsageRecord): TokenUsage {
  const pages =
    usage.pages_processed === undefined && usage.pagesProcessed !== undefined
      ? requireCount(SHAPE, usage.pagesProcessed, 'usageInfo.pagesProcessed')
      : requireCount(
          SHAPE,
          usage.pages_processed,
          'usage_info.pages_processed',
        );

  return tokenUsage({ pages });
}
