import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const autocannonBin = createRequire(`${process.cwd()}/`).resolve(
  'autocannon/autocannon.js',
);

/** A server under test, listening on a port of its own. */
export interface Target {
  url: string;
  close(): Promise<void>;
}

/** One app variant to load, e.g. with and without the adapter. */
export interface Variant {
  name: string;
  start(): Promise<Target>;
}

/** Figures of one variant: the median of its rounds. */
export interface VariantResult {
  name: string;
  rounds: number[];
  medianRps: number;
  /** Server CPU time per request, microseconds: steadier than req/s here. */
  medianCpuUs: number;
}

interface Round {
  rps: number;
  cpuUs: number;
}

/** Scale of the runs: `BENCH_SCALE=0.2` makes every run 5 times shorter. */
export const scale = Number(process.env['BENCH_SCALE'] ?? 1);

/**
 * Loads each variant in turn, round after round (ABAB, so drift on the
 * shared machine hits both), with autocannon in a child process so that it
 * uses the other core, and returns the median requests/s of each.
 */
export async function compare(
  variants: Variant[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<VariantResult[]> {
  const rounds = new Map(variants.map((v) => [v.name, [] as Round[]]));
  const seconds = Math.max(1, Math.round(options.seconds * scale));

  for (let round = 0; round < options.rounds; round++) {
    for (const variant of variants) {
      const target = await variant.start();
      await load(target.url, 1, options.connections);
      rounds
        .get(variant.name)
        ?.push(await load(target.url, seconds, options.connections));
      await target.close();
    }
  }

  return variants.map(({ name }) => {
    const values = rounds.get(name) ?? [];
    const rps = values.map((r) => r.rps);

    return {
      name,
      rounds: rps,
      medianRps: median(rps),
      medianCpuUs: median(values.map((r) => r.cpuUs)),
    };
  });
}

/** Formats results as a table, each line with its loss against the first. */
export function report(title: string, results: VariantResult[]): string {
  const base = results[0];
  const lines = results.map((r) => {
    const loss = change(base?.medianRps ?? 0, r.medianRps);
    const cpu = change(base?.medianCpuUs ?? 0, r.medianCpuUs);
    const rounds = r.rounds.map((v) => v.toFixed(0)).join(' ');
    return `${r.name.padEnd(26)} ${r.medianRps.toFixed(0).padStart(6)} req/s (${loss}) ${r.medianCpuUs.toFixed(1).padStart(6)} us CPU/req (${cpu})  [${rounds}]`;
  });

  return [`${title}: median of rounds; (vs first variant)`, ...lines].join(
    '\n',
  );
}

async function load(
  url: string,
  seconds: number,
  connections: number,
): Promise<Round> {
  const cpuBefore = process.cpuUsage();
  const { stdout } = await run(process.execPath, [
    autocannonBin,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    url,
  ]);
  const cpu = process.cpuUsage(cpuBefore);
  const result = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    non2xx: number;
    errors: number;
  };

  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url} answered ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }

  return {
    rps: result.requests.average,
    cpuUs: (cpu.user + cpu.system) / result.requests.total,
  };
}

function change(from: number, to: number): string {
  const percent = ((to - from) / from) * 100;

  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
