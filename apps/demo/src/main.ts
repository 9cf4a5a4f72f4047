import { VirtualClock } from './clock.js';
import { startSimulator } from './simulator/index.js';

const simulator = await startSimulator({ clock: new VirtualClock(Date.now()) });
process.stdout.write(`provider simulator on ${simulator.url}\n`);
