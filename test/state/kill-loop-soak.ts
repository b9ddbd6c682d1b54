/**
 * `npm run soak:persist [iterations] [seed]`: the kill loop of kill-loop.ts at length (100 kills
 * by default). Prints the seed so a failure replays exactly.
 */
import { runKillLoop } from './kill-loop.js';

const iterations = Number(process.argv[2] ?? process.env.SOAK_ITERATIONS ?? 100);
const seed = Number(process.argv[3] ?? process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
console.log(`kill loop: ${iterations} iterations, seed ${seed}`);
const started = Date.now();
const report = await runKillLoop({ iterations, seed, log: (line) => console.log(line) });
console.log(JSON.stringify(report, null, 2));
console.log(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
