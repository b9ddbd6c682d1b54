/**
 * Design matrices for linear models, as R's `model.matrix` builds them: numeric features
 * as they are, factors as treatment contrasts (one 0/1 column per level except the
 * first, named `<feature><level>`), plus an intercept column when asked.
 */

export interface DesignSpec {
  featureNames: string[];
  /** Per feature: its levels when categorical, else null (as in TrainingData). */
  featureLevels: (string[] | null)[];
}

export interface Design {
  /** Column names, `(Intercept)` first when there is one. */
  names: string[];
  /** Column-major: one Float64Array of length n per design column. */
  columns: Float64Array[];
}

export function designMatrix(x: Float64Array[], spec: DesignSpec, intercept: boolean): Design {
  const n = x[0]?.length ?? 0;
  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (intercept) {
    names.push('(Intercept)');
    columns.push(new Float64Array(n).fill(1));
  }
  x.forEach((values, j) => {
    const name = spec.featureNames[j]!;
    const levels = spec.featureLevels[j] ?? null;
    if (levels === null) {
      names.push(name);
      columns.push(values);
      return;
    }
    for (let level = 1; level < levels.length; level++) {
      names.push(`${name}${levels[level]}`);
      // A missing level code stays missing in every indicator.
      columns.push(values.map((code) => (Number.isNaN(code) ? NaN : code === level ? 1 : 0)));
    }
  });
  return { names, columns };
}

/** Name of the first design column holding a missing value, or null. */
export function firstMissing(design: Design): string | null {
  for (let j = 0; j < design.columns.length; j++) {
    if (hasMissing(design.columns[j]!)) return design.names[j]!;
  }
  return null;
}

export function hasMissing(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}
