import { stat } from 'node:fs/promises';
import { API_SHAPES, type ApiShape } from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { loadCatalog } from '../catalog-file.js';
import { CliError } from '../cli-error.js';
import type { ParseJob, Rejection } from '../ingest/messages.js';
import { ingestFile } from '../ingest/pipeline.js';
import { createProgress, type Progress } from '../ingest/progress.js';
import { RejectsFile } from '../ingest/rejects.js';
import type { CliIO } from '../io.js';
import { dbOption } from '../options.js';
import type { CallDefaults } from '../raw-call.js';
import { withStore } from '../store.js';

interface IngestOptions {
  db: string;
  file: string;
  shape?: ApiShape;
  provider?: string;
  endpoint?: string;
  catalog?: string;
  progress: boolean;
}

/** Events per insert (one transaction each). */
const BATCH_SIZE = 5000;

/** Rejections printed one by one; the rest are only in the file. */
const PRINTED_REJECTIONS = 20;

const EXAMPLES = `
Each line is a tokenledger event (as the tracker stores it), or a raw call:
  {"timestamp":"2026-11-02T10:00:00Z","shape":"openai.chat","provider":"openai",
   "model":"gpt-4o","userId":"u-17","endpoint":"POST /chat","response":{...}}
Raw calls are priced at their timestamp and get an id derived from the line,
so ingesting the same file again stores nothing twice. Bad lines go to
<file>.rejected.jsonl with their line number; the exit code is then 1.

Examples:
  $ tokenledger ingest --db sqlite:./tokenledger.db --file calls.jsonl
  $ tokenledger ingest --db $DB --file gateway.jsonl --shape anthropic.messages --endpoint batch-import`;

/** Registers `tokenledger ingest`. */
export function registerIngest(program: Command, io: CliIO): void {
  program
    .command('ingest')
    .description('import recorded calls from a JSON lines file')
    .addOption(dbOption())
    .requiredOption(
      '--file <file>',
      'JSON lines: tokenledger events or raw provider calls',
    )
    .addOption(
      new Option(
        '--shape <shape>',
        'shape of raw calls that name none',
      ).choices(API_SHAPES),
    )
    .option('--provider <id>', 'provider of raw calls that name none')
    .option('--endpoint <name>', 'endpoint of raw calls that name none')
    .option(
      '--catalog <file>',
      'extra price entries (JSON), over the built-in ones',
    )
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action((options: IngestOptions) => ingest(options, io));
}

async function ingest(options: IngestOptions, io: CliIO): Promise<void> {
  const size = await fileSize(options.file);
  // read here first so a bad catalog fails before the store is touched
  await loadCatalog(options.catalog);
  const rejects = new RejectsFile(`${options.file}.rejected.jsonl`);
  const progress = createProgress(io.stderr, size, 'ingest', options.progress);
  const job: ParseJob = {
    file: options.file,
    defaults: defaultsOf(options),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    batchSize: BATCH_SIZE,
  };

  const counts = await withStore(
    options.db,
    async (store) => {
      await store.migrate();
      return ingestFile(job, store, {
        onRejected: (rejection) => reject(rejects, rejection, progress),
        onProgress: (bytes, lines) => progress.update(bytes, { lines }),
      });
    },
    { create: true },
  ).finally(async () => {
    progress.stop();
    await rejects.close();
  });

  io.stdout.write(
    `${counts.lines} lines: ${counts.inserted} imported, ${counts.duplicates} already stored, ${rejects.count} rejected${counts.blank > 0 ? `, ${counts.blank} blank` : ''}.\n`,
  );
  if (rejects.count > 0) {
    throw new CliError(
      'FAILED',
      `${rejects.count} line(s) rejected, written to ${rejects.path} as { line, error, text }: fix each "text", put the fixed lines in a file of their own and ingest that (stored lines are skipped if you ingest the whole file again).`,
    );
  }
}

function reject(
  rejects: RejectsFile,
  rejection: Rejection,
  progress: Progress,
): void {
  rejects.add(rejection.line, rejection.text, rejection.error);

  if (rejects.count <= PRINTED_REJECTIONS) {
    progress.log(`line ${rejection.line}: ${rejection.error}\n`);
  } else if (rejects.count === PRINTED_REJECTIONS + 1) {
    progress.log(`… more rejected lines in ${rejects.path}\n`);
  }
}

async function fileSize(file: string): Promise<number> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      'FAILED',
      `Cannot read ${file} (${error.code ?? String(error)}); check the --file path.`,
      { cause: error },
    );
  });
  if (!info.isFile()) {
    throw new CliError(
      'FAILED',
      `${file} is not a file; --file takes a JSON lines file.`,
    );
  }

  return info.size;
}

function defaultsOf(options: IngestOptions): CallDefaults {
  return {
    ...(options.shape ? { shape: options.shape } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
}
