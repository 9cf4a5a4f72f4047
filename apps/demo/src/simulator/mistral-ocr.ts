import type { ServerResponse } from 'node:http';
import { invalid, randomId, SimulatorRequestError, sendJson } from './http.js';
import { findModel } from './models.js';
import { recordServed, type SimulatorState } from './state.js';
import { generateText, seedOf } from './text.js';

/**
 * `POST /v1/ocr`: Mistral OCR. The document must be inline (a `data:` URL,
 * since the simulator does not fetch the network): a PDF's pages are
 * counted from its `/Type /Page` objects, an image is one page. `pages`
 * restricts the run to those 0-based indexes. Billing is per page, in
 * `usage_info.pages_processed`.
 * @see https://docs.mistral.ai/api/endpoint/ocr
 */
export function handleMistralOcr(
  state: SimulatorState,
  body: Record<string, unknown>,
  response: ServerResponse,
): void {
  const model = findModel('mistral', body.model);
  if (!model) {
    throw new SimulatorRequestError(
      400,
      'invalid_request_error',
      `Invalid model: ${String(body.model)}`,
    );
  }

  const document = documentBytes(body.document);
  const pageCount = document.isPdf ? countPdfPages(document.bytes) : 1;
  const indexes = selectedPages(body.pages, pageCount);
  const usage = {
    pages_processed: indexes.length,
    doc_size_bytes: document.bytes.length,
  };
  const pages = indexes.map((index) => ({
    index,
    markdown: `# Page ${index + 1}\n\n${generateText(seedOf(`${document.bytes.length}:${index}`), 60)}`,
    images: [],
    dimensions: { dpi: 200, height: 2200, width: 1700 },
  }));

  const requestId = randomId('');
  recordServed(state, {
    provider: 'mistral',
    shape: 'mistral.ocr',
    model: model.snapshot,
    usage,
    requestId,
    atMs: state.clock.nowMs(),
    streamed: false,
  });

  sendJson(
    response,
    200,
    {
      pages,
      model: model.snapshot,
      document_annotation: null,
      usage_info: usage,
    },
    { 'x-request-id': requestId },
  );
}

function documentBytes(document: unknown): { bytes: Buffer; isPdf: boolean } {
  const chunk = (document ?? {}) as Record<string, unknown>;
  const url =
    chunk.type === 'document_url'
      ? chunk.document_url
      : chunk.type === 'image_url'
        ? imageUrl(chunk.image_url)
        : undefined;

  if (typeof url !== 'string' || !url.startsWith('data:')) {
    throw invalid(
      'document must be a document_url or image_url chunk with a data: URL (the simulator does not fetch remote documents).',
    );
  }

  const [header = '', payload = ''] = url.slice(5).split(',', 2);
  const bytes = header.endsWith(';base64')
    ? Buffer.from(payload, 'base64')
    : Buffer.from(decodeURIComponent(payload));

  return { bytes, isPdf: header.startsWith('application/pdf') };
}

function imageUrl(value: unknown): unknown {
  if (typeof value === 'string') return value;

  return (value as { url?: unknown } | undefined)?.url;
}

function countPdfPages(bytes: Buffer): number {
  const pages = bytes.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  if (!pages) throw invalid('The document is not a PDF with pages.');

  return pages.length;
}

function selectedPages(pages: unknown, pageCount: number): number[] {
  const all = Array.from({ length: pageCount }, (_, index) => index);
  if (!Array.isArray(pages)) return all;

  return all.filter((index) => pages.includes(index));
}
