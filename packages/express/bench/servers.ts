import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import type { UsageRecorder } from '@tokenledger/core';
import { tokenledger } from '@tokenledger/express';
import express, { type RequestHandler } from 'express';
import { serveBench } from '../../../tools/bench/serve.js';

// The request makes no LLM call: what is measured is what the middleware
// sets up for every request. Run by overhead.bench.ts, one process per
// variant and round; the variant is the first argument.
const tracker: UsageRecorder = { record() {}, recordNormalized() {} };
const storage = new AsyncLocalStorage<object>();

const middleware: Record<string, RequestHandler | undefined> = {
  express: undefined,
  // Any per-request context costs this much on Node 20: the scope alone.
  'express + AsyncLocalStorage': (_req, _res, next) => storage.run({}, next),
  'express + tokenledger()': tokenledger({ tracker }),
};

// BENCH_BASELINE: the build of another commit (its dist/esm/index.js, copied
// inside this package so that it resolves @tokenledger/core), as a variant.
const baseline = process.env['BENCH_BASELINE'];
if (baseline) {
  const module = await import(baseline);
  middleware['express + baseline build'] = module.tokenledger({ tracker });
}

const variant = process.argv[2] ?? 'express';
const app = express();
app.use(express.json());
const adapter = middleware[variant];
if (adapter) app.use(adapter);

const claims = express.Router();
claims.get('/:id', (req, res) => {
  res.json({ id: req.params.id, status: 'valid' });
});
app.use('/claims', claims);

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveBench(`http://127.0.0.1:${port}/claims/42`, server);
});
