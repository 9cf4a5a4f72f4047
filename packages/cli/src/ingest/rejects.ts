import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

/**
 * Writes rejected lines to `<file>.rejected.jsonl`, one JSON object a line:
 * `{ "line": 17, "error": "...", "text": "<the line as it was>" }`. The
 * file is created on the first rejection; a run without any removes the
 * file a previous run left.
 *
 * @example
 * ```ts
 * const rejects = new RejectsFile('calls.jsonl.rejected.jsonl');
 * rejects.add(17, line, 'No "timestamp"');
 * await rejects.close();
 * ```
 */
export class RejectsFile {
  readonly path: string;
  count = 0;
  #stream: WriteStream | undefined;

  constructor(path: string) {
    this.path = path;
  }

  add(line: number, text: string, error: string): void {
    this.#stream ??= createWriteStream(this.path, { flags: 'w' });
    this.#stream.write(`${JSON.stringify({ line, error, text })}\n`);
    this.count++;
  }

  async close(): Promise<void> {
    if (!this.#stream) {
      await rm(this.path, { force: true });
      return;
    }

    this.#stream.end();
    await finished(this.#stream);
  }
}
