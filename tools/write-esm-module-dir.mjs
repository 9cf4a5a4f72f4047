// The CJS build keeps `__dirname`; the ESM build gets `import.meta.url`
// instead, which TypeScript refuses to compile in the shared source.
// Usage: node write-esm-module-dir.mjs dist/esm/<path>/module-dir.js
import { writeFileSync } from 'node:fs';

const target = process.argv[2];
if (!target) throw new Error('Name the compiled module-dir.js to replace.');

writeFileSync(
  target,
  `import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this module (ESM build). */
export function moduleDir() {
  return dirname(fileURLToPath(import.meta.url));
}
`,
);
