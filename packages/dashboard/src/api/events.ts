import { TokenledgerError } from '@tokenledger/core';
import { z } from 'zod';
import { filterShape, numberParam } from './params.js';
import { type ApiContext, badRequest } from './route.js';

/** `GET /api/events`: one keyset page of calls, newest first. */
export const eventsSchema = z.strictObject({
  ...filterShape,
  cursor: z.string().min(1).max(500).optional(),
  limit: numberParam({ min: 1, max: 500, whole: true }).default(50),
});

/** Answers `/api/events`. */
export async function events(
  context: ApiContext<z.output<typeof eventsSchema>>,
) {
  const { store, filter, params } = context;

  try {
    const page = await store.events({
      filter,
      limit: params.limit,
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    });

    return { events: page.events, nextCursor: page.nextCursor };
  } catch (error) {
    if (!isRefusedCursor(error, params.cursor)) throw error;

    badRequest(context.res, {
      parameter: 'cursor',
      message:
        'Invalid query parameter "cursor": not one this store returned; pass the nextCursor of the previous page, or leave it out for the first page.',
    });
    return undefined;
  }
}

/** The store refuses a cursor it did not hand out, naming the option. */
function isRefusedCursor(error: unknown, cursor: string | undefined): boolean {
  return (
    cursor !== undefined &&
    error instanceof TokenledgerError &&
    error.code === 'INVALID_OPTIONS' &&
    error.details?.['option'] === 'cursor'
  );
}
