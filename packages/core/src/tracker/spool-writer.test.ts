import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { tempSpoolPath } from '../../test/tracker-support.js';
import { SideFile } from './spool-writer.js';

/** Every file operation of the async appends, in order. */
const operations = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args) => {
    const handle = await actual.open(...args);
    operations.push('open');

    return new Proxy(handle, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof name !== 'string' || typeof value !== 'function') {
          return value;
        }
        return (...params: unknown[]) => {
          operations.push(name);
          return value.apply(target, params);
        };
      },
    });
  };

  return { ...actual, open };
});

describe('SideFile', () => {
  describe('when rejected inputs arrive in a burst', () => {
    it('should append them in one write, fsync it, then close', async () => {
      const path = tempSpoolPath().replace('spool', 'rejected');
      const failures: unknown[] = [];
      const file = new SideFile(path, (cause) => failures.push(cause));
      operations.length = 0;

      file.append({ n: 1 });
      file.append({ n: 2 });
      file.append({ n: 3 });
      await file.whenIdle();
      file.append({ n: 4 });
      await file.whenIdle();

      expect(operations).toEqual([
        ...['open', 'write', 'sync', 'close'],
        ...['open', 'write', 'sync', 'close'],
      ]);
      expect(readFileSync(path, 'utf8')).toBe(
        '{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n',
      );
      expect(failures).toEqual([]);
    });
  });
});
