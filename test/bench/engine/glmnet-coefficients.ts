/**
 * GLMNET's coefficient paths against R glmnet's on a whole dataset: the same design
 * (model.matrix's treatment contrasts), glmnet's defaults (lasso, standardised, intercept,
 * its own lambda sequence), family from the outcome. Reports the path lengths and the
 * largest coefficient difference, relative to max(|R|, 1e-3 × the largest |R| at that lambda,
 * 1e-8) — the floors keep coefficients at ~0 (the all-zero first lambda) from dividing by noise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainingData } from '../../../src/engine/learner.js';
import { designMatrix } from '../../../src/engine/linear/design.js';
import { coefficientsAt, fitGlmnet } from '../../../src/engine/linear/glmnet/glmnet-fit.js';
import { Pacer } from '../../../src/engine/trees/pacer.js';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/bench/engine/glmnet-path.R');

export interface CoefficientComparison {
  family: string;
  pointsOurs: number;
  pointsR: number;
  /** Largest relative difference over lambdas and coefficients (intercepts included). */
  maxRelative: number;
  maxLambdaRelative: number;
}

export async function compareGlmnetCoefficients(data: TrainingData, csv: string, dir: string, tag: string): Promise<CoefficientComparison> {
  const out = path.join(dir, `${tag}-glmnet-path.csv`);
  const args = [`data=${csv}`, `out=${out}`, `task=${data.classes === null ? 'regression' : 'classification'}`];
  if (data.classes !== null) args.push(`levels=${data.classes.join('|')}`);
  const run = spawnSync('Rscript', [SCRIPT, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`glmnet-path.R failed:\n${run.stderr}`);

  // point → output → variable → value, and the lambdas.
  const [, ...lines] = readFileSync(out, 'utf8').trim().split(/\r?\n/);
  const lambdas: number[] = [];
  const values = new Map<string, number>();
  for (const line of lines) {
    const [point, lambda, output, variable, value] = line.split(',').map(Number) as [number, number, number, number, number];
    lambdas[point - 1] = lambda;
    values.set(`${point}/${output}/${variable}`, value);
  }

  const family = data.classes === null ? 'gaussian' : data.classes.length === 2 ? 'binomial' : 'multinomial';
  const design = designMatrix(data.x, data, false);
  const ours = await fitGlmnet(
    design.columns,
    data.y,
    data.classes?.length ?? 0,
    null,
    { family, alpha: 1, nlambda: 100, lambdaMinRatio: null, lambda: null, penaltyFactor: null, standardize: true, intercept: true },
    new Pacer({ random: () => 0.5, checkpoint: () => Promise.resolve() }),
  );
  const nOutputs = family === 'multinomial' ? data.classes!.length : 1;
  let maxRelative = 0;
  let maxLambdaRelative = 0;
  const points = Math.min(lambdas.length, ours.lambda.length);
  for (let l = 0; l < points; l++) {
    maxLambdaRelative = Math.max(maxLambdaRelative, Math.abs(ours.lambda[l]! - lambdas[l]!) / lambdas[l]!);
    const coefficients = coefficientsAt(ours, ours.lambda[l]!);
    let scale = 0;
    for (const value of [...values].filter(([key]) => key.startsWith(`${l + 1}/`)).map(([, v]) => v)) scale = Math.max(scale, Math.abs(value));
    for (let output = 0; output < nOutputs; output++) {
      for (let j = 0; j <= design.columns.length; j++) {
        const theirs = values.get(`${l + 1}/${output + 1}/${j}`)!;
        const mine = j === 0 ? coefficients.intercepts[output]! : coefficients.beta[output]![j - 1]!;
        maxRelative = Math.max(maxRelative, Math.abs(mine - theirs) / Math.max(Math.abs(theirs), 1e-3 * scale, 1e-8));
      }
    }
  }
  return { family, pointsOurs: ours.lambda.length, pointsR: lambdas.length, maxRelative, maxLambdaRelative };
}
