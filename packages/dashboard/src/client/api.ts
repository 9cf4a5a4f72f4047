/** A failed API call, with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs an API path relative to the page, with a query. */
export async function getJson<T>(
  path: string,
  query: URLSearchParams,
): Promise<T> {
  const response = await fetch(`${path}?${query}`, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: { message?: string };
  };

  if (!response.ok) {
    throw new ApiError(
      response.status,
      body.error?.message ?? `The dashboard API answered ${response.status}.`,
    );
  }

  return body as T;
}

/** The link of a CSV export for the current filter. */
export function csvHref(query: URLSearchParams, table: string): string {
  const params = new URLSearchParams(query);
  params.set('table', table);

  return `api/export.csv?${params}`;
}
