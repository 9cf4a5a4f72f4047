// Runs every bench/*.bench.mjs of this package, one after another, against
// the built dist/ (run `pnpm build` first). BENCH_SCALE (default 1)
// shrinks or grows each benchmark's measuring time.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .sort();

for (const file of files) {
  console.log(`\n# ${file}`);
  await import(pathToFileURL(`${benchDir}${file}`).href);
}
