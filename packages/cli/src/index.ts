export { badUsage, CliError, type CliErrorCode } from './cli-error.js';
export { parseDuration } from './duration.js';
export { lineEventId } from './ingest/event-id.js';
export { eventFromLine } from './ingest/line.js';
export { type CliIO, type CliOutput, processIO } from './io.js';
export { createProgram } from './program.js';
export { type CallDefaults, type RawCall, readRawCall } from './raw-call.js';
export { runCli } from './run.js';
