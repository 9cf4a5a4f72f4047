// `import.meta.url` cannot appear in source that also builds to CommonJS,
// so the ESM build gets its own module-dir.js (the CJS one reads
// `__dirname`).
import { writeFileSync } from 'node:fs';

writeFileSync(
  'dist/esm/ingest/module-dir.js',
  `import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this module (ESM build). */
export function moduleDir() {
  return dirname(fileURLToPath(import.meta.url));
}
`,
);
