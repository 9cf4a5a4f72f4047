import type { AddressInfo } from 'node:net';
import type { UsageRecorder } from '@tokenledger/core';
import { tokenledger } from '@tokenledger/express';
import express from 'express';
import { it } from 'vitest';
import { compare, report, type Target } from './load.js';

// The request makes no LLM call: what is measured is the scope, the route
// capture and the getters the middleware sets up for every request.
const tracker: UsageRecorder = { record() {}, recordNormalized() {} };

function start(withAdapter: boolean): Promise<Target> {
  const app = express();
  app.use(express.json());
  if (withAdapter) app.use(tokenledger({ tracker }));

  const claims = express.Router();
  claims.get('/:id', (req, res) => {
    res.json({ id: req.params.id, status: 'valid' });
  });
  app.use('/claims', claims);

  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/claims/42`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

it('Express 5: requests/s with and without tokenledger()', async () => {
  const results = await compare(
    [
      { name: 'express', start: () => start(false) },
      { name: 'express + tokenledger()', start: () => start(true) },
    ],
    { rounds: 5, seconds: 8, connections: 50 },
  );

  process.stdout.write(`\n${report('Express 5, GET /claims/:id', results)}\n`);
}, 600_000);
