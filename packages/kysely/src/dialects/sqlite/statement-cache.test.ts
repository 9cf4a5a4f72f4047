import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('should prepare each SQL text once and hand back the same statement', () => {
    const database = new Database(':memory:');
    const prepare = vi.spyOn(database, 'prepare');
    const cached = withStatementCache(database);

    const first = cached.prepare('select 1');
    const second = cached.prepare('select 1');
    cached.prepare('select 2');

    expect(second).toBe(first);
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([
      'select 1',
      'select 2',
    ]);
    database.close();
  });

  it('should forget the least recently used text past its size', () => {
    const database = new Database(':memory:');
    const prepare = vi.spyOn(database, 'prepare');
    const cached = withStatementCache(database, 2);

    cached.prepare('select 1');
    cached.prepare('select 2');
    cached.prepare('select 1'); // now the most recent
    cached.prepare('select 3'); // evicts select 2
    cached.prepare('select 1');
    cached.prepare('select 2');

    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([
      'select 1',
      'select 2',
      'select 3',
      'select 2',
    ]);
    database.close();
  });
});
