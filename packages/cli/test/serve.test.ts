import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, summarizeCall } from './fixtures.js';

const { dir, cleanup } = tempDir();
const db = `sqlite:${join(dir, 'usage.db')}`;
const RANGE = 'from=2026-11-01&to=2026-11-03';
const TOKEN = 'a-test-token-of-32-characters-xx';

beforeAll(async () => {
  const file = join(dir, 'calls.jsonl');
  writeJsonLines(file, [
    chatCall('2026-11-02T10:00:00Z'),
    summarizeCall('2026-11-02T11:00:00Z'),
  ]);
  expect((await tokenledger(['ingest', '--db', db, '--file', file])).code).toBe(
    0,
  );
});
afterAll(() => cleanup());

/** Starts `serve` on a free port and resolves with its base URL. */
async function startServe(
  args: string[],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnCli(['serve', '--db', db, '--port', '0', ...args]);
  let out = '';

  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /Dashboard on (http:\/\/\S+\/) \(Ctrl-C to stop\)/.exec(
        out,
      );
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) =>
      reject(new Error(`serve exited with ${code}`)),
    );
  });

  return { child, url };
}

describe('tokenledger serve', () => {
  let running: ChildProcess | undefined;

  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = undefined;
  });

  describe('when bound to loopback without a token', () => {
    it('should serve the page at / and the JSON API, and stop on SIGTERM with 0', async () => {
      const { child, url } = await startServe([]);
      running = child;

      const page = await fetch(url);
      const breakdown = await fetch(`${url}api/breakdown?by=endpoint&${RANGE}`);
      const cache = await fetch(`${url}api/cache?${RANGE}`);

      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<html');
      expect(breakdown.status).toBe(200);
      const body = (await breakdown.json()) as {
        total: unknown;
        rows: { key: string }[];
      };
      // 0.009975000 + 0.004750000
      expect(body.total).toMatchObject({ calls: 2, costUsd: '0.014725000' });
      expect(body.rows.map((row: { key: string }) => row.key)).toEqual([
        'POST /summarize',
        'POST /chat',
      ]);
      // the standalone dashboard has the cache analysis (not a 501)
      expect(cache.status).toBe(200);

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    });
  });

  describe('when stopped with requests under way', () => {
    it('should answer them all, then exit 0 without an error', async () => {
      const { child, url } = await startServe([]);
      running = child;
      let errors = '';
      child.stderr?.on('data', (chunk) => {
        errors += chunk;
      });
      const paths = ['explain', 'anomalies', 'cache', 'summary', 'facets'];

      const replies = paths.map((path) =>
        fetch(`${url}api/${path}?${RANGE}`).then(
          (response) => response.status,
          (error: Error) => String(error.cause ?? error),
        ),
      );
      const exited = once(child, 'exit');
      child.kill('SIGINT');

      expect(await Promise.all(replies)).toEqual([200, 200, 200, 200, 200]);
      expect((await exited)[0]).toBe(0);
      expect(errors).toBe('');
    });
  });

  describe('when given a token', () => {
    it('should answer the API only with the bearer token', async () => {
      const { child, url } = await startServe(['--token', TOKEN]);
      running = child;

      const anonymous = await fetch(`${url}api/summary?${RANGE}`);
      const signed = await fetch(`${url}api/summary?${RANGE}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });

      expect(anonymous.status).toBe(401);
      expect(signed.status).toBe(200);
    });
  });

  describe('when called wrongly', () => {
    it('should exit 2 on a network host without a token', async () => {
      const run = await tokenledger(['serve', '--db', db, '--host', '0.0.0.0']);

      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'tokenledger: Serving on 0.0.0.0 exposes cost data to the network: pass --token (generate one with openssl rand -hex 24), or use --host 127.0.0.1.\n',
      );
    });

    it('should exit 2 on a port out of range', async () => {
      const run = await tokenledger(['serve', '--db', db, '--port', '70000']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Not a whole number from 0 to 65535: "70000".',
      );
    });
  });
});
