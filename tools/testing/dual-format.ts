import { execFileSync } from 'node:child_process';

/**
 * Loads a built package both ways, `import()` and `require()`, in a fresh
 * `node` process, and returns the sorted export names each way exposes.
 */
export function loadBothFormats(packageName: string, cwd: string) {
  const esm = runNode(
    cwd,
    '--input-type=module',
    `const m = await import(${JSON.stringify(packageName)});` +
      'console.log(JSON.stringify(Object.keys(m).sort()));',
  );
  const cjs = runNode(
    cwd,
    '--input-type=commonjs',
    `const m = require(${JSON.stringify(packageName)});` +
      'console.log(JSON.stringify(Object.keys(m).sort()));',
  );

  return { esm, cjs };
}

function runNode(cwd: string, inputType: string, source: string): string[] {
  const out = execFileSync(process.execPath, [inputType, '-e', source], {
    cwd,
    encoding: 'utf8',
  });

  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
}
