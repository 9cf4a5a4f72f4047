// The CJS build keeps `__dirname`; the ESM build gets `import.meta.url`
// instead, which TypeScript refuses to compile in the shared source.
import { writeFileSync } from 'node:fs';

writeFileSync(
  'dist/esm/server/module-dir.js',
  `import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this module (ESM build). */
export function moduleDir() {
  return dirname(fileURLToPath(import.meta.url));
}
`,
);
