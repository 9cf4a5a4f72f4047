/**
 * vitest globalSetup: starts a throwaway MariaDB server from the installed
 * binary (Debian package `mariadb-server`), in a temporary data directory and
 * on a free port, without systemd, and stops it after the run. Tests read the
 * URL with `mysqlUrl()` from ./services.ts. When TOKENLEDGER_MYSQL_URL is set,
 * that server is used instead and nothing is started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

import './services.js';

const SEARCH_DIRS = [
  '/usr/sbin',
  '/usr/bin',
  '/usr/local/sbin',
  '/usr/local/bin',
];

export default async function setup(project: TestProject) {
  const given = process.env.TOKENLEDGER_MYSQL_URL;
  if (given) {
    project.provide('mysqlUrl', given);
    return;
  }

  const server = findBinary('mariadbd') ?? findBinary('mysqld');
  const installer =
    findBinary('mariadb-install-db') ?? findBinary('mysql_install_db');
  if (!server || !installer) {
    project.provide('mysqlUrl', null);
    return;
  }

  const started = await startServer(server, installer);
  project.provide('mysqlUrl', started.url);

  return () => started.stop();
}

function findBinary(name: string): string | undefined {
  return SEARCH_DIRS.map((dir) => join(dir, name)).find((path) =>
    existsSync(path),
  );
}

async function startServer(server: string, installer: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-mariadb-'));
  const socket = join(dir, 'mysqld.sock');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const port = await freePort();
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];

  execFileSync(
    installer,
    [
      '--no-defaults',
      ...asRoot,
      `--datadir=${join(dir, 'data')}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );

  const child = spawn(
    server,
    [
      '--no-defaults',
      ...asRoot,
      `--datadir=${join(dir, 'data')}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${join(dir, 'error.log')}`,
      '--skip-name-resolve',
      // Its own temporary directory: internal temporary tables then never
      // share /tmp with other servers or with tests cleaning up after
      // themselves (a shared /tmp failed a migration with EE_DELETE).
      `--tmpdir=${tmp}`,
      '--innodb-flush-log-at-trx-commit=2',
    ],
    { stdio: 'ignore' },
  );

  await waitForSocket(child, socket, dir);
  runSql(
    socket,
    [
      'CREATE DATABASE IF NOT EXISTS tokenledger_test;',
      "CREATE USER IF NOT EXISTS 'tl'@'127.0.0.1' IDENTIFIED BY 'tl_pw';",
      "GRANT ALL PRIVILEGES ON *.* TO 'tl'@'127.0.0.1';",
    ].join(' '),
  );

  return {
    url: `mysql://tl:tl_pw@127.0.0.1:${port}/tokenledger_test`,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function runSql(socket: string, sql: string) {
  const client = findBinary('mariadb') ?? findBinary('mysql') ?? 'mariadb';
  execFileSync(client, [
    '--no-defaults',
    `--socket=${socket}`,
    '-uroot',
    '-e',
    sql,
  ]);
}

async function waitForSocket(child: ChildProcess, socket: string, dir: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    if (existsSync(socket)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error(
    `MariaDB did not start within 30 s; see ${join(dir, 'error.log')}.`,
  );
}

/** A port that was free a moment ago (the tests use it for "nothing listens here" too). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}
