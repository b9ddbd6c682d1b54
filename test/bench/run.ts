/** `npm run bench`: every benchmark, each printing ours vs the reference measured in the same run. */
import { runDbscanSpeedBench } from './engine/dbscan-speed.js';
import { runEmbeddingSpeedBench } from './engine/embedding-speed.js';
import { runGlmnetSpeedBench } from './engine/glmnet-speed.js';
import { runKnnSpeedBench } from './engine/knn-speed.js';
import { runEngineSpeedBench } from './engine/peer-speed.js';
import { runSvmSpeedBench } from './engine/svm-speed.js';
import { runPersistBench } from './persist-bench.js';
import { runWireBench } from './wire-bench.js';

await runWireBench();
await runPersistBench();
await runEngineSpeedBench();
await runDbscanSpeedBench();
await runKnnSpeedBench();
await runSvmSpeedBench();
await runGlmnetSpeedBench();
await runEmbeddingSpeedBench();
