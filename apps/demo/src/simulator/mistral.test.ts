import { Mistral } from '@mistralai/mistralai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { minimalPdf } from '../papers/pdf.js';
import { type Simulator, startSimulator } from './server.js';

describe('simulator: Mistral OCR', () => {
  let simulator: Simulator;
  let client: Mistral;
  const pdf = minimalPdf(['Abstract', 'Methods', 'Results']);
  const documentUrl = `data:application/pdf;base64,${pdf.toString('base64')}`;

  beforeEach(async () => {
    simulator = await startSimulator({ clock: new VirtualClock(0) });
    client = new Mistral({
      apiKey: 'sim',
      serverURL: simulator.mistralServerURL,
    });
  });

  afterEach(() => simulator.close());

  it('should bill one page per PDF page', async () => {
    const result = await client.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', documentUrl },
    });

    expect(result.usageInfo).toEqual({
      pagesProcessed: 3,
      docSizeBytes: pdf.length,
    });
    expect(result.pages.map((page) => page.index)).toEqual([0, 1, 2]);
  });

  it('should bill only the pages asked for', async () => {
    const result = await client.ocr.process({
      model: 'mistral-ocr-latest',
      document: { type: 'document_url', documentUrl },
      pages: [0, 2, 7],
    });

    // page 7 does not exist in a 3-page document
    expect(result.usageInfo.pagesProcessed).toBe(2);
    expect(simulator.served[0]?.usage).toEqual({
      pages_processed: 2,
      doc_size_bytes: pdf.length,
    });
  });

  it('should refuse a remote URL it cannot fetch', async () => {
    await expect(
      client.ocr.process({
        model: 'mistral-ocr-latest',
        document: { type: 'document_url', documentUrl: 'https://x.test/a.pdf' },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
