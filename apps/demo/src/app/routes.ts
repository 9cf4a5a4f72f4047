import {
  type NextFunction,
  type Request,
  type Response,
  Router,
} from 'express';
import { CLAIM_COUNT, PAPER_COUNT } from '../papers/corpus.js';
import type { DemoClients } from './clients.js';
import type { ReleaseState } from './release.js';
import {
  answerQuestion,
  embedQuery,
  ocrPaper,
  summarizePaper,
  validateClaim,
} from './services.js';

/**
 * The product's endpoints. Each makes one LLM call through the
 * instrumented clients; the user is the `x-user-id` header.
 */
export function productRoutes(
  clients: DemoClients,
  release: ReleaseState,
): Router {
  const router = Router();

  router.post('/claims/:id/validate', async (req, res, next) => {
    const id = idParam(req, res, CLAIM_COUNT);
    if (id === undefined) return;

    try {
      res.type('text/plain');
      const { stopReason } = await validateClaim(
        clients,
        id,
        userOf(req),
        release.behaviour,
        (text) => res.write(text),
      );
      res.end(`\n[${stopReason}]\n`);
    } catch (error) {
      next(error);
    }
  });

  router.post(
    '/papers/:id/summarize',
    handle(PAPER_COUNT, (req, id) => summarizePaper(clients, id, userOf(req))),
  );

  router.post(
    '/papers/:id/ocr',
    handle(PAPER_COUNT, (_req, id) => ocrPaper(clients, id)),
  );

  router.post(
    '/search',
    jsonRoute('query', (query) => embedQuery(clients, query)),
  );

  router.post(
    '/chat',
    jsonRoute('question', (question) =>
      answerQuestion(clients, question, release.behaviour),
    ),
  );

  return router;
}

/** The request's user: the `x-user-id` header, else `anonymous`. */
export function userOf(req: Request): string {
  return req.get('x-user-id') ?? 'anonymous';
}

function handle(
  max: number,
  run: (req: Request, id: number) => Promise<unknown>,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = idParam(req, res, max);
    if (id === undefined) return;

    try {
      res.json(await run(req, id));
    } catch (error) {
      next(error);
    }
  };
}

function jsonRoute(field: string, run: (text: string) => Promise<unknown>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const text = (req.body as Record<string, unknown> | undefined)?.[field];

    if (typeof text !== 'string' || text.trim() === '') {
      res.status(400).json({
        error: `Send a JSON body with a non-empty "${field}" string, e.g. {"${field}": "does vitamin D prevent colds?"}.`,
      });
      return;
    }

    try {
      res.json(await run(text));
    } catch (error) {
      next(error);
    }
  };
}

function idParam(req: Request, res: Response, max: number): number | undefined {
  const id = Number(req.params.id);
  if (Number.isInteger(id) && id >= 1 && id <= max) return id;

  res.status(404).json({
    error: `No item ${String(req.params.id)}: ids run from 1 to ${max}.`,
  });
  return undefined;
}
