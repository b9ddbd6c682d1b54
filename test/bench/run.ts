/**
 * `npm run bench [-- section ...]`: the benchmarks, each printing ours vs its reference measured
 * in the same run. Sections: `wire` (transport), `engine` (single fits vs peers), `parallel`
 * (one job on 2 workers vs peers on 2 threads, and the speed-up over 1 worker), `million`
 * (1,000,000-row soak: wall times and peak memory). No section named: all of them.
 */
import { runEngineSpeedBench } from './engine/peer-speed.js';
import { runParallelSpeedBench } from './engine/parallel-speed.js';
import { runMillionRowBench } from './million-rows.js';
import { runWireBench } from './wire-bench.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  wire: runWireBench,
  engine: () => runEngineSpeedBench(),
  parallel: () => runParallelSpeedBench(),
  million: () => runMillionRowBench(),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) throw new Error(`Unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}.`);
for (const name of asked.length > 0 ? asked : Object.keys(SECTIONS)) await SECTIONS[name]!();
