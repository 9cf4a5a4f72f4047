#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

process.stdout.write(`tokenledger ${pkg.version}\n`);
