/**
 * Writes a minimal, well-formed PDF 1.4 with one page per entry of
 * `pageTexts` (Helvetica, one line of text each), so that OCR requests
 * carry a real document whose page count a server can read.
 *
 * @example
 * ```ts
 * const bytes = minimalPdf(['Abstract', 'Methods', 'Results']);
 * const documentUrl = `data:application/pdf;base64,${bytes.toString('base64')}`;
 * ```
 */
export function minimalPdf(pageTexts: readonly string[]): Buffer {
  const pageIds = pageTexts.map((_, index) => 4 + index * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageTexts.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...pageTexts.flatMap((text, index) => pageObjects(text, 5 + index * 2)),
  ];

  return serialize(objects);
}

function pageObjects(text: string, contentId: number): string[] {
  const escaped = text.replace(/[\\()]/g, (char) => `\\${char}`);
  const stream = `BT /F1 12 Tf 72 720 Td (${escaped}) Tj ET`;

  return [
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
}

function serialize(objects: readonly string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];

  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });

  const xrefAt = Buffer.byteLength(body, 'latin1');
  const entries = offsets
    .map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`)
    .join('');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;

  return Buffer.from(body, 'latin1');
}
