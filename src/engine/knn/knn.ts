/**
 * k-nearest neighbours as rtemis trains it (R/train_KNN.R → kknn): factors one-hot encoded,
 * features scaled by their training standard deviation (`scale`), Minkowski distance of power
 * `distance`, and for each query the k + 1 nearest training cases, whose (k+1)-th distance
 * scales the k nearest for the kernel weights (kernels.ts). Classification: class probabilities
 * are the kernel-weighted class shares (kknn's `prob`), classes decided from them as rtemis
 * does; regression: the kernel-weighted mean. As in rtemis: no missing values, no case weights
 * (so no `ifw`), `k` below the number of training cases, no variable importance.
 *
 * Neighbours are exact (k-d tree, neighbors/); equal distances are broken by the lower training
 * index, where kknn's order among ties is unspecified. Prediction is the expensive part, so
 * the model also predicts with checkpoints (`predictPaced`), in chunks of bounded memory.
 */
import { defaultHyperparameters } from '../catalog/defaults.js';
import type { KNNHyperparameters } from '../config/types.js';
import type { FitContext, FittedModel, Learner, Prediction, TrainingData } from '../learner.js';
import { buildKdTree, nearestNeighbors, nearestNeighborsSync, type KdTree, type NeighborLists, type PointSet } from '../neighbors/index.js';
import { decideClasses } from '../trees/class-decision.js';
import { fitGeometry, type KnnGeometry } from './geometry.js';
import { neighbourWeights, type Weigh } from './kernels.js';

export const knnDefaults = defaultHyperparameters('KNN');

/** kknn's floor on a regression prediction's total weight. */
const MIN_TOTAL_WEIGHT = 1e-6;
/** Queries searched together: bounds the neighbour lists kept in memory. */
const CHUNK = 4096;

export const knnLearner: Learner<KNNHyperparameters> = { name: 'KNN', fit: fitKnn };

export async function fitKnn(data: TrainingData, hp: KNNHyperparameters, context: FitContext): Promise<KnnModel> {
  const n = data.y.length;
  if (hp.ifw || data.weights !== null) {
    throw new Error('KNN takes no case weights (kknn has none), so neither `ifw` nor a weights column can be used.');
  }
  if (!Number.isInteger(hp.k) || hp.k < 1 || hp.k >= n) {
    throw new Error(`KNN: \`k\` must be less than the number of training cases (${n}); got ${hp.k}.`);
  }
  data.x.forEach((values, feature) => {
    if (values.some(Number.isNaN)) {
      throw new Error(`KNN does not allow missing values (feature ${data.featureNames[feature]}); impute them in preprocessing.`);
    }
  });
  const geometry = fitGeometry(data, hp.scale);
  const tree = buildKdTree(geometry.points(data.x, 0, n));
  await context.checkpoint();
  return new KnnModel(geometry, tree, data.y.slice(), data.classes, hp);
}

export class KnnModel implements FittedModel {
  private readonly weigh: Weigh;

  constructor(
    private readonly geometry: KnnGeometry,
    private readonly tree: KdTree,
    /** Training outcome: values, or class codes. */
    private readonly y: Float64Array,
    private readonly classes: string[] | null,
    private readonly hp: KNNHyperparameters,
  ) {
    this.weigh = neighbourWeights(hp.kernel, hp.k, geometry.terms);
  }

  predict(x: Float64Array[]): Prediction {
    const output = this.output(x);
    const buffer = this.chunkBuffer(output.m);
    for (let from = 0; from < output.m; from += CHUNK) {
      const to = Math.min(output.m, from + CHUNK);
      const queries = this.geometry.points(x, from, to, buffer);
      this.combine(nearestNeighborsSync(this.tree, queries, this.hp.k + 1, { p: this.hp.distance }), from, output);
    }
    return this.finish(output);
  }

  async predictPaced(x: Float64Array[], checkpoint: () => Promise<void>): Promise<Prediction> {
    const output = this.output(x);
    const buffer = this.chunkBuffer(output.m);
    for (let from = 0; from < output.m; from += CHUNK) {
      const to = Math.min(output.m, from + CHUNK);
      const queries: PointSet = this.geometry.points(x, from, to, buffer);
      this.combine(await nearestNeighbors(this.tree, queries, this.hp.k + 1, { p: this.hp.distance, checkpoint }), from, output);
      await checkpoint();
    }
    return this.finish(output);
  }

  varimp(): null {
    return null;
  }

  private output(x: Float64Array[]): { m: number; columns: Float64Array[] } {
    const m = x[0]?.length ?? 0;
    const width = this.classes === null ? 1 : this.classes.length;
    return { m, columns: Array.from({ length: width }, () => new Float64Array(m)) };
  }

  private chunkBuffer(m: number): Float64Array {
    return new Float64Array(Math.min(m, CHUNK) * this.geometry.dimensions);
  }

  /** Kernel-weighted class shares (classification) or mean (regression) of each query's k nearest. */
  private combine(neighbours: NeighborLists, from: number, output: { columns: Float64Array[] }): void {
    const { k } = this.hp;
    const stride = k + 1;
    const weights = new Float64Array(k);
    const { y, classes } = this;
    const { columns } = output;
    for (let query = 0; query < neighbours.m; query++) {
      const offset = query * stride;
      this.weigh(neighbours.distances, offset, weights);
      const row = from + query;
      let total = 0;
      if (classes === null) {
        let sum = 0;
        for (let j = 0; j < k; j++) {
          sum += weights[j]! * y[neighbours.indices[offset + j]!]!;
          total += weights[j]!;
        }
        columns[0]![row] = sum / Math.max(total, MIN_TOTAL_WEIGHT);
        continue;
      }
      for (let j = 0; j < k; j++) {
        columns[y[neighbours.indices[offset + j]!]!]![row]! += weights[j]!;
        total += weights[j]!;
      }
      for (const column of columns) column[row]! /= total;
    }
  }

  private finish(output: { columns: Float64Array[] }): Prediction {
    if (this.classes === null) return { values: output.columns[0]!, probabilities: null };
    return { values: decideClasses(output.columns), probabilities: output.columns };
  }
}
