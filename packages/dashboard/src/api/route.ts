import type { UsageFilter, UsageStore } from '@tokenledger/core';
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { DashboardAnalysis } from '../options.js';
import {
  type FilterParams,
  type ParamError,
  parseParams,
  resolveWindows,
  toUsageFilter,
  type Windows,
} from './params.js';

/** What the API handlers share. */
export interface ApiDeps {
  store: UsageStore;
  analysis: DashboardAnalysis;
  now: () => Date;
}

/** One request, parsed: its parameters, windows and store filter. */
export interface ApiContext<P> extends ApiDeps {
  params: P;
  windows: Windows;
  /** The filter of the current window. */
  filter: UsageFilter;
  res: Response;
}

/** What a handler answers: a JSON body, or `undefined` once it has replied. */
export type ApiResult = object | undefined;

/**
 * Wraps an API handler: parses the query with `schema` (400 naming the
 * parameter), resolves the windows, runs the handler, sends its JSON, and
 * passes failures to the router's error handler.
 */
export function apiRoute<S extends z.ZodType<FilterParams>>(
  schema: S,
  deps: ApiDeps,
  handler: (context: ApiContext<z.output<S>>) => Promise<ApiResult>,
): RequestHandler {
  return (req: Request, res: Response, next) => {
    const parsed = parseParams(schema, req.query);
    if (!parsed.ok) return badRequest(res, parsed.error);

    const windows = resolveWindows(parsed.value, deps.now());
    if (!windows.ok) return badRequest(res, windows.error);

    const params = parsed.value;
    const filter = toUsageFilter(params, windows.value.current);
    const context = { ...deps, params, windows: windows.value, filter, res };

    res.setHeader('Cache-Control', 'no-store');
    handler(context).then((body) => {
      if (body !== undefined) res.json(body);
    }, next);
  };
}

/** Answers 400 with the parameter at fault. */
export function badRequest(res: Response, error: ParamError): void {
  res.status(400).json({ error: { code: 'INVALID_QUERY', ...error } });
}

/** A time range as the API reports it. */
export function rangeJson(range: { from: Date; to: Date }) {
  return { from: range.from.toISOString(), to: range.to.toISOString() };
}
