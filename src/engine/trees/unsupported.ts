/**
 * Rejects hyperparameter values this engine does not implement, instead of silently fitting
 * something else. Parameters that only tune R/LightGBM machinery (threads, devices, seeds of the
 * backend, output options) are not listed by the callers and are accepted as they are.
 */
export function rejectUnsupported(
  algorithm: string,
  hyperparameters: object,
  defaults: object,
  names: readonly string[],
): void {
  const given = hyperparameters as Record<string, unknown>;
  const base = defaults as Record<string, unknown>;
  for (const name of names) {
    if (!sameValue(given[name], base[name])) {
      throw new Error(`${algorithm}: hyperparameter '${name}' = ${JSON.stringify(given[name])} is not supported (only ${JSON.stringify(base[name])})`);
    }
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}
