import { sampleEvent } from './sample.js';

const event = sampleEvent();

process.stdout.write(
  `tokenledger demo: ${event.model} for ${event.endpoint} cost $${event.costUsd}\n` +
    `${JSON.stringify(event.cost)}\n`,
);
