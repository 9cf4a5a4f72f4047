#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCli } from './run.js';

const pkg = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

process.exitCode = await runCli(process.argv.slice(2), undefined, pkg.version);
