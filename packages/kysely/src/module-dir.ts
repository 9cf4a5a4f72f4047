/**
 * The directory of this module. The ESM build replaces the compiled file
 * with one reading `import.meta.url` (tools/write-esm-module-dir.mjs),
 * because `import.meta` cannot appear in source that also builds to CJS.
 */
export function moduleDir(): string {
  return __dirname;
}
