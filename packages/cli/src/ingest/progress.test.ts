import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 120,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  };

  return { stream, text: () => chunks.join('') };
}

describe('createProgress', () => {
  describe('when the stream is a terminal', () => {
    it('should draw a bar with the share done and the lines read', () => {
      const { stream, text } = fakeStream(true);

      const progress = createProgress(stream, 1000, 'ingest');
      progress.update(250, { lines: 40 });
      progress.stop();

      expect(text()).toContain('ingest [');
      expect(text()).toContain('25% | 40 lines');
    });

    it('should clear the bar line before a message', () => {
      const { stream, text } = fakeStream(true);

      const progress = createProgress(stream, 1000, 'ingest');
      const before = text().length;
      progress.log('line 3: Not JSON.\n');
      progress.stop();

      const message = '\r\x1b[Kline 3: Not JSON.\n';
      expect(text().slice(before, before + message.length)).toBe(message);
    });

    it('should stay silent when turned off', () => {
      const { stream, text } = fakeStream(true);

      const progress = createProgress(stream, 1000, 'ingest', false);
      progress.update(250, { lines: 40 });
      progress.stop();

      expect(text()).toBe('');
    });
  });

  describe('when the stream is a pipe or a file', () => {
    it('should write nothing', () => {
      const { stream, text } = fakeStream(false);

      const progress = createProgress(stream, 1000, 'reprice');
      progress.update(1000, { lines: 1000 });
      progress.log('line 3: Not JSON.\n');
      progress.stop();

      expect(text()).toBe('line 3: Not JSON.\n');
    });
  });
});
