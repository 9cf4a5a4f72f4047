import type { Attributes, Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { stringAt } from '../spans/read.js';

// Enough for any real nesting (request → middleware → handler → agent →
// model call); bounds the walk if a parent chain were ever circular.
const MAX_ANCESTORS = 32;

const PARENT = Symbol('tokenledger.parentSpan');

type WithParent = { [PARENT]?: Span };

/**
 * Remembers each span's parent, so that a GenAI span can read attributes
 * its ancestors carry (`http.route` is set on the Express handler span,
 * not on the model call). The parent is kept on the span object under a
 * private symbol: a WeakMap entry per span cost several times more.
 */
export class SpanAncestry {
  remember(span: Span, parent: Span | undefined): void {
    if (parent) (span as WithParent)[PARENT] = parent;
  }

  /**
   * The first of `keys` found on the span, then on its ancestors (nearest
   * first), then on its resource.
   */
  find(span: ReadableSpan, keys: readonly string[]): string | undefined {
    if (keys.length === 0) return undefined;

    let current: object | undefined = span;
    for (let depth = 0; current && depth <= MAX_ANCESTORS; depth += 1) {
      const found = firstOf(attributesOf(current), keys);
      if (found !== undefined) return found;
      current = (current as WithParent)[PARENT];
    }

    return firstOf(span.resource?.attributes, keys);
  }
}

// SDK spans expose their attributes; a non-recording span has none.
function attributesOf(span: object): Attributes | undefined {
  return (span as Partial<ReadableSpan>).attributes;
}

function firstOf(
  attributes: Attributes | undefined,
  keys: readonly string[],
): string | undefined {
  if (!attributes) return undefined;

  for (const key of keys) {
    const value = stringAt(attributes, key);
    if (value !== undefined) return value;
  }

  return undefined;
}
