import { it } from 'vitest';
import { compare, report } from '../../../tools/bench/http-overhead.js';

const variants = [
  'nest',
  '+ empty interceptor',
  '+ AsyncLocalStorage',
  '+ empty guard',
  '+ TokenledgerModule',
  ...(process.env['BENCH_BASELINE'] ? ['+ baseline build'] : []),
];

it.each(['express', 'fastify'] as const)(
  'Nest on platform-%s: requests/s with and without TokenledgerModule',
  async (platform) => {
    const results = await compare(
      'servers.ts',
      variants.map((variant) => `${platform}:${variant}`),
      {
        rounds: Number(process.env['BENCH_ROUNDS'] ?? 8),
        seconds: 5,
        connections: 50,
      },
    );

    process.stdout.write(
      `\n${report(`Nest ${platform}, GET /claims/:id`, results)}\n`,
    );
  },
);
