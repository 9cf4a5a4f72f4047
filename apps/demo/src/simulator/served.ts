/** One LLM call the simulator answered: what it billed, as sent on the wire. */
export interface ServedCall {
  provider: 'anthropic' | 'openai' | 'mistral';
  /** The API shape, in tokenledger's terms. */
  shape:
    | 'anthropic.messages'
    | 'openai.chat'
    | 'openai.embeddings'
    | 'mistral.ocr';
  /** The model the response reported. */
  model: string;
  /** The usage object exactly as the response carried it (the final one when streamed). */
  usage: Record<string, unknown>;
  /** The request id header sent back (`request-id` or `x-request-id`). */
  requestId: string;
  /** The id in the response body (`msg_…`, `chatcmpl-…`), when it has one. */
  responseId?: string;
  /** Simulated time of the call, epoch milliseconds. */
  atMs: number;
  streamed: boolean;
}
