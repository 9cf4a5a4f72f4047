// Marks dist/cjs as CommonJS so Node reads its .js files with require()
// semantics although the package itself is "type": "module".
import { mkdirSync, writeFileSync } from 'node:fs';

mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{\n  "type": "commonjs"\n}\n');
