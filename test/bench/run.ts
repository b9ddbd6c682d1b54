/**
 * `npm run bench [-- section ...]`: the benchmarks, each printing ours vs its reference measured
 * in the same run. Sections: `wire` (transport), `persist` (saved work), `engine` (single fits vs
 * peers, one per family), `parallel` (one job on 2 workers vs peers on 2 threads, and the speed-up
 * over 1 worker), `million` (1,000,000-row soak: wall times and peak memory). No section named: all.
 */
import { runDbscanSpeedBench } from './engine/dbscan-speed.js';
import { runEmbeddingSpeedBench } from './engine/embedding-speed.js';
import { runGlmnetSpeedBench } from './engine/glmnet-speed.js';
import { runKnnSpeedBench } from './engine/knn-speed.js';
import { runParallelSpeedBench } from './engine/parallel-speed.js';
import { runEngineSpeedBench } from './engine/peer-speed.js';
import { runSvmSpeedBench } from './engine/svm-speed.js';
import { runMillionRowBench } from './million-rows.js';
import { runPersistBench } from './persist-bench.js';
import { runWireBench } from './wire-bench.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  wire: runWireBench,
  persist: runPersistBench,
  engine: async () => {
    await runEngineSpeedBench();
    await runDbscanSpeedBench();
    await runKnnSpeedBench();
    await runSvmSpeedBench();
    await runGlmnetSpeedBench();
    await runEmbeddingSpeedBench();
  },
  parallel: () => runParallelSpeedBench(),
  million: () => runMillionRowBench(),
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) throw new Error(`Unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}.`);
for (const name of asked.length > 0 ? asked : Object.keys(SECTIONS)) await SECTIONS[name]!();
