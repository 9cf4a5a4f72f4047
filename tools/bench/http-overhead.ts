// The HTTP overhead harness of the Express and NestJS adapter benchmarks
// (packages/express/bench, packages/nestjs/bench): run from the package.
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const run = promisify(execFile);
const packageDir = process.cwd();
const toolsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(toolsDir, '..', '..');
const autocannonBin = createRequire(`${packageDir}/`).resolve(
  'autocannon/autocannon.js',
);

/** Scale of the runs: `BENCH_SCALE=0.2` makes every round 5 times shorter. */
export const scale = Number(process.env['BENCH_SCALE'] ?? 1);

/**
 * `BENCH_CPUS=0,1` pins the server to the first CPU and the load generator
 * to the second (`taskset`), so the two never share a core.
 */
const pinned = process.env['BENCH_CPUS']?.split(',');

/** What the server process reports: CPU time, microseconds. */
interface ServerCpu {
  cpuUs: number;
}

/** Figures of one variant over every round. */
export interface VariantResult {
  name: string;
  rps: number[];
  /** Server CPU time per request, microseconds: steadier than req/s here. */
  cpuUs: number[];
  /** CPU time per request served in-process, without network. */
  dispatchUs: number[];
  /** Per round, the change against the first variant in the same round. */
  rpsChange: number[];
  cpuChange: number[];
  dispatchChange: number[];
}

/**
 * Loads each variant of `servers` (a module of the calling package's bench folder,
 * started in a fresh child process per round, so that no variant inherits
 * another's JIT state, heap or enabled async hooks) with autocannon in a
 * second child process. Rounds alternate the order (ABC, CBA, ...) so that
 * drift on a shared machine hits every variant alike.
 */
export async function compare(
  servers: string,
  variants: string[],
  options: { rounds: number; seconds: number; connections: number },
): Promise<VariantResult[]> {
  const script = transpile(servers);
  const seconds = Math.max(1, Math.round(options.seconds * scale));
  const rounds = variants.map(() => [] as Round[]);

  for (let round = 0; round < options.rounds; round++) {
    const order = variants.map((_, i) => i);
    if (round % 2) order.reverse();

    for (const index of order) {
      const server = await startServer(script, variants[index] as string);
      try {
        await load(server.url, 1, options.connections);
        server.child.send('start');
        const measured = await load(server.url, seconds, options.connections);
        const cpu = await ask(server.child, 'stop');
        const dispatched = await ask(server.child, {
          dispatch: Math.max(1000, Math.round(20_000 * scale)),
        });
        rounds[index]?.push({
          rps: measured.rps,
          cpuUs: cpu.cpuUs / measured.requests,
          dispatchUs: dispatched.cpuUs,
        });
      } finally {
        server.child.kill();
      }
    }
  }

  return variants.map((name, i) => {
    const own = rounds[i] ?? [];
    const base = rounds[0] ?? [];

    return {
      name,
      rps: own.map((r) => r.rps),
      cpuUs: own.map((r) => r.cpuUs),
      dispatchUs: own.map((r) => r.dispatchUs),
      rpsChange: own.map((r, k) => change(base[k]?.rps ?? 0, r.rps)),
      cpuChange: own.map((r, k) => change(base[k]?.cpuUs ?? 0, r.cpuUs)),
      dispatchChange: own.map((r, k) =>
        change(base[k]?.dispatchUs ?? 0, r.dispatchUs),
      ),
    };
  });
}

/**
 * Formats results as a table: median and range of requests/s, of server CPU
 * per request under load and of CPU per request served in-process, each with
 * the median of its per-round changes against the first variant (paired by
 * round, so slow phases of the machine cancel out).
 */
export function report(title: string, results: VariantResult[]): string {
  const lines = results.map((r) =>
    [
      r.name.padEnd(30),
      `${fixed(median(r.rps), 0, 6)} req/s [${range(r.rps, 0)}]`,
      `${signed(median(r.rpsChange))}`,
      `${fixed(median(r.cpuUs), 1, 6)} us/req [${range(r.cpuUs, 1)}]`,
      `${signed(median(r.cpuChange))}`,
      `${fixed(median(r.dispatchUs), 1, 6)} us [${range(r.dispatchUs, 1)}]`,
      `${signed(median(r.dispatchChange))}`,
    ].join('  '),
  );
  const load = loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

  return [
    `${title}: ${results[0]?.rps.length} rounds; median [min-max] of req/s, server CPU/request under load, CPU/request in-process; change = median of per-round changes vs the first line; load average after: ${load}`,
    ...lines,
  ].join('\n');
}

/**
 * Compiles the bench's server modules (decorators included) for `node`:
 * those of the package's bench folder and this folder's `serve.ts`, at
 * their paths from the repository root, so that their relative imports
 * hold.
 */
function transpile(servers: string): string {
  // Inside the package (and out of git), so that its name and its
  // dependencies resolve as they do for its tests.
  const outDir = join(packageDir, 'test-output', 'bench');
  const benchDir = join(packageDir, 'bench');
  const sources = readdirSync(benchDir)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => !/\.bench\.ts$|config/.test(file))
    .map((file) => join(benchDir, file));

  for (const source of [...sources, join(toolsDir, 'serve.ts')]) {
    const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
      },
    });
    const target = join(outDir, relative(repoRoot, source));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target.replace(/\.ts$/, '.js'), outputText);
  }

  return join(outDir, relative(repoRoot, benchDir), servers).replace(
    /\.ts$/,
    '.js',
  );
}

/**
 * Starts a server, retrying for a minute: a build of this monorepo running
 * at the same time empties the `dist/` folders the server loads for a while.
 */
async function startServer(
  script: string,
  variant: string,
): Promise<{ child: ChildProcess; url: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(script, variant);
    } catch (error) {
      if (attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
}

async function startOnce(
  script: string,
  variant: string,
): Promise<{ child: ChildProcess; url: string }> {
  // Not vitest's flags (--conditions development...): a plain `node`.
  const child = pinned
    ? fork(script, [variant], {
        execPath: 'taskset',
        execArgv: ['-c', pinned[0] as string, process.execPath],
      })
    : fork(script, [variant], { execArgv: [] });
  const ready = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string }));
    child.once('exit', (code) =>
      reject(new Error(`bench server ${variant} exited with ${code}`)),
    );
  });

  return { child, url: ready.url };
}

interface Round {
  rps: number;
  cpuUs: number;
  dispatchUs: number;
}

function ask(
  child: ChildProcess,
  message: string | { dispatch: number },
): Promise<ServerCpu> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as ServerCpu));
    child.send(message);
  });
}

async function load(
  url: string,
  seconds: number,
  connections: number,
): Promise<{ rps: number; requests: number }> {
  const args = [autocannonBin, '--json', '-c', String(connections)];
  args.push('-d', String(seconds), url);
  const { stdout } = pinned
    ? await run('taskset', ['-c', pinned[1] ?? '1', process.execPath, ...args])
    : await run(process.execPath, args);
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

  return { rps: result.requests.average, requests: result.requests.total };
}

function change(from: number, to: number): number {
  return ((to - from) / from) * 100;
}

function signed(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`.padStart(7);
}

function fixed(value: number, digits: number, width: number): string {
  return value.toFixed(digits).padStart(width);
}

function range(values: number[], digits: number): string {
  const sorted = [...values].sort((a, b) => a - b);

  return `${sorted[0]?.toFixed(digits)}-${sorted.at(-1)?.toFixed(digits)}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
