/**
 * The directory of this module, where the parse worker sits beside it. The
 * ESM build replaces the compiled file with one reading `import.meta.url`
 * (tools/write-esm-module-dir.mjs).
 *
 * @example
 * ```ts
 * new Worker(join(moduleDir(), 'parse-worker.js'), { workerData: job });
 * ```
 */
export function moduleDir(): string {
  return __dirname;
}
