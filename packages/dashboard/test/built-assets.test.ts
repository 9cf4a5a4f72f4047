import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Mounts the built router in a fresh node and fetches its assets. */
const SERVE = `
const app = express();
app.use('/d', dashboard({ store: { query() {} }, allowUnauthenticated: true }));
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port + '/d/assets/';
  const names = ['main.js', 'uplot.js', 'dashboard.css', 'uPlot.min.css'];
  const statuses = [];
  for (const name of names) statuses.push((await fetch(base + name)).status);
  console.log(JSON.stringify(statuses));
  server.close();
});`;

function run(inputType: string, prelude: string): number[] {
  const out = execFileSync(
    process.execPath,
    [`--input-type=${inputType}`, '-e', prelude + SERVE],
    { cwd: packageDir, encoding: 'utf8' },
  );

  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as number[];
}

describe('@tokenledger/dashboard build', () => {
  it('should find the page assets from the CommonJS build', () => {
    const statuses = run(
      'commonjs',
      "const express = require('express'); const { dashboard } = require('@tokenledger/dashboard');",
    );

    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('should find the page assets from the ES module build', () => {
    const statuses = run(
      'module',
      "import express from 'express'; import { dashboard } from '@tokenledger/dashboard';",
    );

    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});
