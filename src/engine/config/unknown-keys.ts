/**
 * Unknown-key rejection with a "did you mean" hint, worded as rtemis's `check_wire_keys()`:
 * "Unknown supervised config key: `foo`." / "Unknown KFold resampler keys: `a`, `b`."
 */
import { ConfigError } from './config-error.js';

/** Levenshtein distance, case-insensitive. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= t.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[t.length] as number;
}

/**
 * A near miss is a prefix relation (an abbreviation such as `n` → `n_resamples`; the
 * shortest match wins) or an edit distance within a third of the key's length.
 */
export function nearestKey(key: string, valid: readonly string[]): string | undefined {
  const prefixed = valid.filter((v) => v.startsWith(key) || key.startsWith(v));
  if (prefixed.length > 0) {
    return prefixed.reduce((best, v) => (v.length < best.length ? v : best));
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const v of valid) {
    const d = editDistance(key, v);
    if (d < bestDistance) {
      best = v;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

export function rejectUnknownKeys(block: Record<string, unknown>, valid: readonly string[], label: string): void {
  const unknown = Object.keys(block).filter((key) => key !== '' && !valid.includes(key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const hint = nearestKey(key, valid);
    return hint === undefined ? `\`${key}\`` : `\`${key}\` (did you mean \`${hint}\`?)`;
  });
  throw new ConfigError(`Unknown ${label} ${unknown.length === 1 ? 'key' : 'keys'}: ${named.join(', ')}.`);
}
