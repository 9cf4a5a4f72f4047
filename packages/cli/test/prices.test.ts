import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tokenledger, writeJsonLines } from './cli.js';
import { chatCall, summarizeCall } from './fixtures.js';

const { dir, cleanup } = tempDir();
const litellmFile = join(dir, 'model_prices_and_context_window.json');
const catalogFile = join(dir, 'prices.json');

// A hand-written excerpt in the format of LiteLLM's
// model_prices_and_context_window.json (per-token USD prices): gpt-4o at
// 3 / 1.5 cached / 12 per million, a new model at 0.1 / 0.4, the format
// description row and a row with a negative price.
const LITELLM = {
  sample_spec: {
    input_cost_per_token: 0.0,
    output_cost_per_token: 0.0,
    litellm_provider: 'one of https://docs.litellm.ai/docs/providers',
    mode: 'one of: chat, embedding, completion',
  },
  'gpt-4o': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 3e-6,
    output_cost_per_token: 1.2e-5,
    cache_read_input_token_cost: 1.5e-6,
  },
  'acme-mini': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 1e-7,
    output_cost_per_token: 4e-7,
  },
  'broken-model': {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: -1,
    output_cost_per_token: 1e-6,
  },
};

const SOURCE = {
  url: 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json',
  checked: '2026-11-01',
};

beforeAll(async () => {
  writeFileSync(litellmFile, JSON.stringify(LITELLM, null, 2));
});
afterAll(() => cleanup());

describe('tokenledger prices import-litellm', () => {
  it('should write the rows it can read exactly and list the skipped ones', async () => {
    const run = await tokenledger([
      'prices',
      'import-litellm',
      litellmFile,
      '--out',
      catalogFile,
      '--effective-from',
      '2026-11-01',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Wrote 2 price entries to ${catalogFile}; skipped 2 rows (listed under "skipped" in the file).\n`,
    );
    expect(JSON.parse(readFileSync(catalogFile, 'utf8'))).toEqual({
      entries: [
        {
          provider: 'openai',
          model: 'gpt-4o',
          effectiveFrom: '2026-11-01',
          prices: { input: '3', output: '12', cacheRead: '1.5' },
          source: SOURCE,
        },
        {
          provider: 'openai',
          model: 'acme-mini',
          effectiveFrom: '2026-11-01',
          prices: { input: '0.1', output: '0.4' },
          source: SOURCE,
        },
      ],
      skipped: [
        { key: 'sample_spec', reason: 'the format description row' },
        { key: 'broken-model', reason: 'a price is not a finite number >= 0' },
      ],
    });
  });

  it('should exit 1 on a file that is not a LiteLLM price map', async () => {
    const file = join(dir, 'list.json');
    writeFileSync(file, '[1, 2]');

    const run = await tokenledger([
      'prices',
      'import-litellm',
      file,
      '--out',
      join(dir, 'x.json'),
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'tokenledger: importLiteLLMPrices expects the parsed model_prices_and_context_window.json object (model id -> prices).\n',
    );
  });

  it('should exit 1 naming a file that is not JSON', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{');

    const run = await tokenledger([
      'prices',
      'import-litellm',
      file,
      '--out',
      join(dir, 'x.json'),
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^tokenledger: ${file} is not valid JSON \\(`),
    );
  });

  it('should exit 2 without --out', async () => {
    const run = await tokenledger(['prices', 'import-litellm', litellmFile]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "tokenledger: required option '--out <file>' not specified",
    );
  });
});

describe('tokenledger prices list', () => {
  it('should print the built-in entry in force per model (USD per million)', async () => {
    const run = await tokenledger([
      'prices',
      'list',
      '--provider',
      'openai',
      '--at',
      '2026-11-02',
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^provider\s+model\s+since\s+input\s+output\s+cache read\s+cache write\s+cache write 1h\s+batch$/,
    );
    expect(run.stdout).toMatch(
      /^openai\s+gpt-4o\s+2024-08-06\s+2\.5\s+10\s+1\.25\s+-\s+-\s+0\.5$/m,
    );
    expect(run.stdout).not.toMatch(/^anthropic/m);
  });

  it('should show an imported entry in place of the built-in one it follows', async () => {
    const run = await tokenledger([
      'prices',
      'list',
      '--provider',
      'openai',
      '--at',
      '2026-11-02',
      '--catalog',
      catalogFile,
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout.match(/^openai\s+gpt-4o\s/gm)).toHaveLength(1);
    expect(run.stdout).toMatch(
      /^openai\s+gpt-4o\s+2026-11-01\s+3\s+12\s+1\.5\s+-\s+-\s+-$/m,
    );
    expect(run.stdout).toMatch(
      /^openai\s+acme-mini\s+2026-11-01\s+0\.1\s+0\.4\s+-\s+-\s+-\s+-$/m,
    );
  });

  it('should give the entries as JSON', async () => {
    const run = await tokenledger([
      'prices',
      'list',
      '--provider',
      'openai',
      '--at',
      '2026-11-02',
      '--format',
      'json',
    ]);

    const gpt4o = JSON.parse(run.stdout).filter(
      (entry: { model: string }) => entry.model === 'gpt-4o',
    );
    expect(gpt4o).toMatchObject([
      {
        id: 'openai/gpt-4o@2024-08-06',
        prices: { input: '2.5', output: '10', cacheRead: '1.25' },
      },
    ]);
  });
});

describe('tokenledger prices show', () => {
  it('should resolve an alias to its model and list its entries', async () => {
    const run = await tokenledger([
      'prices',
      'show',
      'gpt-4o-2024-11-20',
      '--provider',
      'openai',
    ]);

    expect(run.code).toBe(0);
    const [match] = JSON.parse(run.stdout);
    expect(match).toMatchObject({
      provider: 'openai',
      canonicalModel: 'gpt-4o',
    });
    expect(match.entries.map((entry: { id: string }) => entry.id)).toEqual([
      'openai/gpt-4o@2024-08-06',
    ]);
  });

  it('should exit 1 on a model it has no price for', async () => {
    const run = await tokenledger(['prices', 'show', 'gpt-nonexistent']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'tokenledger: No price for "gpt-nonexistent". See the known models with: tokenledger prices list\n',
    );
  });

  it('should exit 2 without a model', async () => {
    const run = await tokenledger(['prices', 'show']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "tokenledger: missing required argument 'model'",
    );
  });
});

describe('tokenledger reprice', () => {
  const db = `sqlite:${join(dir, 'usage.db')}`;
  const window = ['--since', '2026-11-01', '--until', '2026-11-03'];

  // gpt-4o 0.004750000, sonnet 0.009975000, acme-mini unpriced
  beforeAll(async () => {
    const file = join(dir, 'calls.jsonl');
    writeJsonLines(file, [
      chatCall('2026-11-02T10:00:00Z'),
      summarizeCall('2026-11-02T11:00:00Z'),
      {
        timestamp: '2026-11-02T12:00:00Z',
        shape: 'openai.chat',
        provider: 'openai',
        model: 'acme-mini',
        endpoint: 'POST /tag',
        response: { usage: { prompt_tokens: 1000, completion_tokens: 500 } },
      },
    ]);
    expect(
      (await tokenledger(['ingest', '--db', db, '--file', file])).code,
    ).toBe(0);
  });

  const total = async () => {
    const run = await tokenledger([
      'report',
      '--db',
      db,
      ...window,
      '--format',
      'json',
    ]);
    return JSON.parse(run.stdout).totals;
  };

  it('should print the changes on a dry run and write nothing', async () => {
    const json = await tokenledger([
      'reprice',
      '--db',
      db,
      ...window,
      '--catalog',
      catalogFile,
      '--dry-run',
      '--format',
      'json',
    ]);
    const run = await tokenledger([
      'reprice',
      '--db',
      db,
      ...window,
      '--catalog',
      catalogFile,
      '--dry-run',
    ]);

    const body = JSON.parse(json.stdout);
    // gpt-4o at the new prices: 200 × 3 + 1,000 × 1.5 + 300 × 12 = 5,700 µUSD;
    // acme-mini newly priced: 1,000 × 0.1 + 500 × 0.4 = 300 µUSD
    expect(body).toMatchObject({
      applied: false,
      scanned: 3,
      changed: 2,
      newlyPriced: 1,
      newlyUnpriced: 0,
      beforeUsd: '0.004750000',
      afterUsd: '0.006000000',
      deltaUsd: '0.001250000',
    });
    const [acme, gpt4o] = body.changes;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'id                                    time                      model       before USD    after USD    delta USD  price id',
        '------------------------------------  ------------------------  ---------  -----------  -----------  -----------  ---------------------------',
        `${acme.id}  2026-11-02T12:00:00.000Z  acme-mini     unpriced  0.000300000            -  openai/acme-mini@2026-11-01`,
        `${gpt4o.id}  2026-11-02T10:00:00.000Z  gpt-4o     0.004750000  0.005700000  0.000950000  openai/gpt-4o@2026-11-01`,
        '',
        '3 calls read, 2 changed (1 newly priced, 0 now unpriced).',
        'cost of the changed calls: 0.004750000 -> 0.006000000 USD (0.001250000)',
        'Dry run: nothing written. Run again without --dry-run to apply.',
        '',
      ].join('\n'),
    );
    expect(await total()).toMatchObject({
      costUsd: '0.014725000',
      unpricedCalls: 1,
    });
  });

  it('should write the new costs, then find nothing more to change', async () => {
    const run = await tokenledger([
      'reprice',
      '--db',
      db,
      ...window,
      '--catalog',
      catalogFile,
    ]);
    const again = await tokenledger([
      'reprice',
      '--db',
      db,
      ...window,
      '--catalog',
      catalogFile,
    ]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote the new costs of 2 calls.\n');
    // 0.005700000 + 0.009975000 + 0.000300000
    expect(await total()).toMatchObject({
      costUsd: '0.015975000',
      unpricedCalls: 0,
    });
    expect(again.stdout).toBe(
      [
        '3 calls read, 0 changed (0 newly priced, 0 now unpriced).',
        'cost of the changed calls: 0.000000000 -> 0.000000000 USD (0.000000000)',
        'Nothing to write.',
        '',
      ].join('\n'),
    );
  });

  it('should exit 1 naming a catalog file that does not exist', async () => {
    const missing = join(dir, 'nope.json');

    const run = await tokenledger([
      'reprice',
      '--db',
      db,
      '--catalog',
      missing,
      '--dry-run',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `tokenledger: Cannot read ${missing} (ENOENT); check the path.\n`,
    );
  });
});
