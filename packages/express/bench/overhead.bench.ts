import { it } from 'vitest';
import { compare, report } from '../../../tools/bench/http-overhead.js';

it('Express 5: requests/s with and without tokenledger()', async () => {
  const results = await compare(
    'servers.ts',
    [
      'express',
      'express + AsyncLocalStorage',
      'express + tokenledger()',
      ...(process.env['BENCH_BASELINE'] ? ['express + baseline build'] : []),
    ],
    {
      rounds: Number(process.env['BENCH_ROUNDS'] ?? 8),
      seconds: 5,
      connections: 50,
    },
  );

  process.stdout.write(`\n${report('Express 5, GET /claims/:id', results)}\n`);
}, 1_800_000);
