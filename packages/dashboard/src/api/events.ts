import { z } from 'zod';
import { filterShape } from './params.js';
import type { ApiContext } from './route.js';

/** `GET /api/events`: one keyset page of calls, newest first. */
export const eventsSchema = z.strictObject({
  ...filterShape,
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Answers `/api/events`. */
export async function events(
  context: ApiContext<z.output<typeof eventsSchema>>,
) {
  const { store, filter, params } = context;

  const page = await store.events({
    filter,
    limit: params.limit,
    ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
  });

  return { events: page.events, nextCursor: page.nextCursor };
}
