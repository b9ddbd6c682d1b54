/**
 * rtemis preprocessing (R/preprocess.R, rtemis-model §3.4), fitted on training rows and
 * replayed on any other rows. Every data-dependent decision — which features are dropped,
 * factor levels, cut points, imputation values, centres and scales, one-hot levels — is
 * learned once from the training rows and reused, so test rows never leak into the fit.
 * (R's `apply_preprocessor()` re-derives some of these from the new data; we do not.)
 *
 * Not replayable, so refused as `train()` refuses them: complete_cases,
 * remove_duplicates, remove_cases_thres. Date and holiday features are no-ops because
 * dates arrive as numbers (protocol §5.4), as they do in the reference server.
 */
import type { EngineJsonObject } from '../contract.js';
import type { PreprocessorConfig } from '../config/types.js';
import { vec } from '../../protocol/json.js';
import type { Column } from '../data/dataset.js';

/** What the fit learned; everything `apply` needs besides the config. */
interface Learned {
  exclude: string[];
  dropped: Set<string>;
  /** Columns turned into factors (integer/logical/numeric/unique_len2factor): value labels → levels. */
  toFactor: Map<string, string[]>;
  cuts: Map<string, Cut>;
  naLevel: Set<string>;
  factor2integer: Map<string, string[]>;
  missingness: string[];
  impute: Map<string, number>;
  scaled: string[];
  centers: number[] | null;
  scales: number[] | null;
  oneHot: Map<string, string[]>;
}

export interface FittedPreprocessor {
  config: PreprocessorConfig;
  /** Feature names after preprocessing, in output order. */
  outputNames: string[];
  /** Transforms feature columns (same names as at fit time, any rows). */
  apply(columns: Column[]): Column[];
  /**
   * The `Preprocessor` object of rtemis-model §5.2 without `preprocessed` (the whole
   * transformed training set), which is left out to keep results small.
   */
  toJson(): EngineJsonObject;
}

const CASE_OPERATIONS = ['complete_cases', 'remove_duplicates', 'remove_cases_thres'] as const;

export function fitPreprocessor(config: PreprocessorConfig, training: Column[]): { preprocessor: FittedPreprocessor; transformed: Column[] } {
  const caseOps = CASE_OPERATIONS.filter((name) => config[name] !== null && config[name] !== false);
  if (caseOps.length > 0) {
    throw new Error(
      `preprocessor_config removes cases, which a fitted preprocessor cannot replay: ${caseOps.join(', ')}.`,
    );
  }
  if (config.impute && config.impute_type !== 'meanMode') {
    throw new Error(`Imputation with ${config.impute_type} is not available; use impute_type "meanMode".`);
  }
  const learned: Learned = {
    exclude: [],
    dropped: new Set(),
    toFactor: new Map(),
    cuts: new Map(),
    naLevel: new Set(),
    factor2integer: new Map(),
    missingness: [],
    impute: new Map(),
    scaled: [],
    centers: null,
    scales: null,
    oneHot: new Map(),
  };
  const transformed = run(config, training, learned, true);
  const preprocessor: FittedPreprocessor = {
    config,
    outputNames: transformed.map((column) => column.name),
    apply: (columns) => run(config, columns, learned, false),
    toJson: () => preprocessorJson(config, learned),
  };
  return { preprocessor, transformed };
}

/** The step names of rtemis `desc_preprocessor_steps()`, for the result description. */
export function preprocessingSteps(config: PreprocessorConfig): string[] {
  const steps: string[] = [];
  if (config.complete_cases) steps.push('complete-case filtering');
  if (config.remove_features_thres !== null) steps.push('high-missingness feature removal');
  if (config.remove_cases_thres !== null) steps.push('high-missingness case removal');
  if (config.impute) steps.push('imputation');
  if (
    config.integer2factor ||
    config.integer2numeric ||
    config.logical2factor ||
    config.logical2numeric ||
    config.numeric2factor ||
    config.character2factor ||
    config.factor2integer
  ) {
    steps.push('type conversion');
  }
  if (config.center) steps.push('centering');
  if (config.scale) steps.push('scaling');
  if (config.remove_constants) steps.push('constant-feature removal');
  if (config.remove_duplicates) steps.push('duplicate removal');
  if (config.remove_features !== null) steps.push('manual feature removal');
  if (config.one_hot) steps.push('one-hot encoding');
  if (config.add_date_features) steps.push('date feature extraction');
  return steps;
}

/** One pass of the pipeline in rtemis's fixed order; `fitting` learns, otherwise replays `learned`. */
function run(config: PreprocessorConfig, input: Column[], learned: Learned, fitting: boolean): Column[] {
  let columns = input.map((column) => ({ ...column }));
  const byName = (name: string) => columns.find((column) => column.name === name);

  // Set aside excluded columns (1-based indices); they rejoin at the end untouched.
  if (fitting && config.exclude !== null) {
    learned.exclude = config.exclude.map((index) => {
      const column = input[index - 1];
      if (column === undefined) throw new Error(`exclude: there is no feature number ${index}.`);
      return column.name;
    });
  }
  const excluded = learned.exclude.map((name) => requireColumn(byName(name), name));
  columns = columns.filter((column) => !learned.exclude.includes(column.name));

  if (fitting) {
    for (const name of config.remove_features ?? []) learned.dropped.add(name);
    if (config.remove_constants) {
      for (const column of columns) {
        if (!learned.dropped.has(column.name) && isConstant(column.values, config.remove_constants_skip_missing)) {
          learned.dropped.add(column.name);
        }
      }
    }
    if (config.remove_features_thres !== null) {
      for (const column of columns) {
        if (!learned.dropped.has(column.name) && missingFraction(column.values) >= config.remove_features_thres) {
          learned.dropped.add(column.name);
        }
      }
    }
  }
  columns = columns.filter((column) => !learned.dropped.has(column.name));
  if (columns.length === 0) throw new Error('Preprocessing left no features.');

  // Type conversions to factor: levels learned from the training values.
  columns = columns.map((column) => {
    if (fitting && wantsFactor(config, column)) learned.toFactor.set(column.name, valueLevels(column, config));
    const levels = learned.toFactor.get(column.name);
    return levels === undefined ? column : valuesToFactor(column, levels);
  });
  columns = columns.map((column) => {
    if (config.integer2numeric && column.kind === 'numeric') return { ...column, integer: false };
    if (config.logical2numeric && column.kind === 'logical') return { ...column, kind: 'numeric' };
    return column;
  });

  if (config.numeric_cut_n > 0 || config.numeric_quant_n > 0) {
    columns = columns.map((column) => {
      if (fitting && column.kind === 'numeric') {
        if (config.numeric_cut_n > 0) {
          learned.cuts.set(column.name, equalWidthCut(column.values, config.numeric_cut_n, config.numeric_cut_labels));
        } else if (!config.numeric_quant_NAonly || column.values.some(Number.isNaN)) {
          learned.cuts.set(column.name, quantileCut(column.values, config.numeric_quant_n));
        }
      }
      const cut = learned.cuts.get(column.name);
      return cut === undefined ? column : applyCut(column, cut);
    });
  }

  if (config.factorNA2missing) {
    columns = columns.map((column) => {
      if (fitting && column.kind === 'factor' && column.values.some(Number.isNaN)) learned.naLevel.add(column.name);
      if (!learned.naLevel.has(column.name)) return column;
      const levels = [...(column.levels ?? []), config.factorNA2missing_level];
      const code = levels.length - 1;
      return { ...column, levels, values: column.values.map((value) => (Number.isNaN(value) ? code : value)) };
    });
  }

  if (config.factor2integer) {
    columns = columns.map((column) => {
      if (fitting && column.kind === 'factor') {
        learned.factor2integer.set(column.name, config.factor2integer_levels?.[column.name] ?? column.levels ?? []);
      }
      const levels = learned.factor2integer.get(column.name);
      if (levels === undefined) return column;
      const codes = recode(column, levels, levels.length);
      const offset = config.factor2integer_startat0 ? 0 : 1;
      return { ...column, kind: 'numeric', levels: null, integer: true, values: codes.map((code) => code + offset) };
    });
  }

  if (config.missingness) {
    if (fitting) learned.missingness = columns.filter((column) => column.values.some(Number.isNaN)).map((column) => column.name);
    for (const name of learned.missingness) {
      const source = requireColumn(byNameIn(columns, name), name);
      columns.push({
        name: `${name}_missing`,
        kind: 'factor',
        levels: ['0', '1'],
        integer: false,
        arrowType: 'missingness indicator',
        values: source.values.map((value) => (Number.isNaN(value) ? 1 : 0)),
      });
    }
  }

  if (config.impute) {
    if (fitting) {
      for (const column of columns) {
        if (!column.values.some(Number.isNaN)) continue;
        const discrete = column.kind !== 'numeric' || column.integer;
        const fn = discrete ? config.impute_discrete : config.impute_continuous;
        learned.impute.set(column.name, summarise(column.values, fn));
      }
    }
    columns = columns.map((column) => {
      const fill = learned.impute.get(column.name);
      if (fill === undefined) return column;
      return { ...column, values: column.values.map((value) => (Number.isNaN(value) ? fill : value)) };
    });
  }

  if (config.scale || config.center) {
    if (fitting) {
      learned.scaled = columns
        .filter((column) => column.kind === 'numeric' && !learned.factor2integer.has(column.name))
        .map((column) => column.name);
      const centers = config.scale_centers;
      const coefficients = config.scale_coefficients;
      learned.centers = config.center
        ? learned.scaled.map((name) => centers?.[name] ?? meanOf(requireColumn(byNameIn(columns, name), name).values))
        : null;
      learned.scales = config.scale
        ? learned.scaled.map((name, index) => {
            const given = coefficients?.[name];
            if (given !== undefined) return given;
            return rootMeanSquare(requireColumn(byNameIn(columns, name), name).values, learned.centers?.[index] ?? 0);
          })
        : null;
    }
    columns = columns.map((column) => {
      const index = learned.scaled.indexOf(column.name);
      if (index < 0) return column;
      const center = learned.centers?.[index] ?? 0;
      // A zero scale (constant column) would give 0/0; such a column is left centred instead.
      const scale = learned.scales?.[index] || 1;
      return { ...column, integer: false, values: column.values.map((value) => (value - center) / scale) };
    });
  }

  if (config.one_hot) {
    if (fitting) {
      for (const column of columns) {
        if (column.kind === 'factor') learned.oneHot.set(column.name, config.one_hot_levels?.[column.name] ?? column.levels ?? []);
      }
    }
    columns = columns.flatMap((column) => {
      const levels = learned.oneHot.get(column.name);
      if (levels === undefined) return [column];
      const codes = recode(column, levels, NaN);
      return levels.map((level, k) => ({
        name: `${column.name}_${level}`,
        kind: 'numeric' as const,
        levels: null,
        integer: false,
        arrowType: 'one-hot indicator',
        values: codes.map((code) => (code === k ? 1 : 0)),
      }));
    });
  }

  const collision = excluded.filter((column) => columns.some((other) => other.name === column.name));
  if (collision.length > 0) {
    throw new Error(`Preprocessing created columns named after excluded ones: ${collision.map((c) => c.name).join(', ')}.`);
  }
  return [...columns, ...excluded];
}

function requireColumn(column: Column | undefined, name: string): Column {
  if (column === undefined) throw new Error(`Preprocessing expected a feature named "${name}".`);
  return column;
}

function byNameIn(columns: Column[], name: string): Column | undefined {
  return columns.find((column) => column.name === name);
}

/** rtemis `is_constant`: all values equal the first (NA breaks it unless missing values are skipped). */
function isConstant(values: Float64Array, skipMissing: boolean): boolean {
  const kept = skipMissing ? values.filter((value) => !Number.isNaN(value)) : values;
  if (kept.length === 0) return true;
  const first = kept[0]!;
  if (Number.isNaN(first)) return false;
  return kept.every((value) => value === first);
}

function missingFraction(values: Float64Array): number {
  let missing = 0;
  for (const value of values) if (Number.isNaN(value)) missing++;
  return missing / values.length;
}

function wantsFactor(config: PreprocessorConfig, column: Column): boolean {
  if (column.kind === 'numeric' && column.integer && config.integer2factor) return true;
  if (column.kind === 'logical' && config.logical2factor) return true;
  if (column.kind === 'numeric' && config.numeric2factor) return true;
  if (column.kind !== 'factor' && config.unique_len2factor > 1) {
    return new Set(column.values).size <= config.unique_len2factor;
  }
  return false;
}

/** The levels `as.factor` would give (sorted distinct values), or `numeric2factor_levels`. */
function valueLevels(column: Column, config: PreprocessorConfig): string[] {
  if (column.kind === 'numeric' && config.numeric2factor && config.numeric2factor_levels !== null && !(column.integer && config.integer2factor)) {
    return config.numeric2factor_levels;
  }
  const distinct = [...new Set(column.values)].filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return distinct.map((value) => valueLabel(column, value));
}

function valuesToFactor(column: Column, levels: string[]): Column {
  const code = new Map(levels.map((level, index) => [level, index]));
  const values = column.values.map((value) => (Number.isNaN(value) ? NaN : (code.get(valueLabel(column, value)) ?? NaN)));
  return { ...column, kind: 'factor', levels, integer: false, values };
}

/** R's `as.character` of a value: "TRUE"/"FALSE" for logicals, 15 significant digits for numbers. */
function valueLabel(column: Column, value: number): string {
  if (column.kind === 'logical') return value === 1 ? 'TRUE' : 'FALSE';
  return String(Number(value.toPrecision(15)));
}

/** Codes of `column`'s values against `levels`; unseen levels get `unseen`, NA stays NaN. */
function recode(column: Column, levels: string[], unseen: number): Float64Array {
  const position = new Map(levels.map((level, index) => [level, index]));
  const own = column.levels ?? [];
  const map = own.map((level) => position.get(level) ?? unseen);
  return column.values.map((value) => (Number.isNaN(value) ? NaN : map[value]!));
}

interface Cut {
  breaks: number[];
  levels: string[];
  /** Bin index → level code; bins empty at fit time are not levels (R's `factor()` drops them). */
  levelOfBin: number[];
}

function equalWidthCut(values: Float64Array, n: number, labels: boolean): Cut {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const dx = max - min || Math.abs(min) || 1;
  const breaks = Array.from({ length: n + 1 }, (_, i) => min + ((max - min) * i) / n);
  breaks[0] = min - dx / 1000;
  breaks[n] = max + dx / 1000;
  // labels = FALSE gives bin numbers.
  return makeCut(breaks, labels ? intervalLabels(breaks) : breaks.slice(1).map((_, i) => String(i + 1)), values);
}

/** rtemis numeric_quant_n: type-7 quantiles at n probabilities, ends widened by 2% of the range. */
function quantileCut(values: Float64Array, n: number): Cut {
  const finite = Float64Array.from(values.filter((value) => !Number.isNaN(value))).sort();
  const range = finite[finite.length - 1]! - finite[0]!;
  const points = Array.from({ length: n }, (_, i) => quantile7(finite, n === 1 ? 0 : i / (n - 1)));
  points[0] = points[0]! - 0.02 * range;
  points[n - 1] = points[n - 1]! + 0.02 * range;
  const breaks = [...new Set(points)];
  return makeCut(breaks, intervalLabels(breaks), values);
}

function makeCut(breaks: number[], labels: string[], training: Float64Array): Cut {
  const present = new Set<number>();
  for (const value of training) {
    const bin = binOf(value, breaks);
    if (!Number.isNaN(bin)) present.add(bin);
  }
  const bins = [...present].sort((a, b) => a - b);
  const levelOfBin = labels.map(() => NaN);
  bins.forEach((bin, code) => (levelOfBin[bin] = code));
  return { breaks, levels: bins.map((bin) => labels[bin]!), levelOfBin };
}

/** Right-closed interval (b[i], b[i+1]] holding `value`, or NaN. */
function binOf(value: number, breaks: number[]): number {
  if (Number.isNaN(value) || !(value > breaks[0]!) || value > breaks[breaks.length - 1]!) return NaN;
  let bin = 0;
  while (value > breaks[bin + 1]!) bin++;
  return bin;
}

function applyCut(column: Column, cut: Cut): Column {
  const values = column.values.map((value) => {
    const bin = binOf(value, cut.breaks);
    return Number.isNaN(bin) ? NaN : cut.levelOfBin[bin]!;
  });
  return { ...column, kind: 'factor', levels: cut.levels, integer: false, values };
}

function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

/** R `cut` labels "(a,b]" with the fewest digits (≥ 3) that keep the breaks distinct. */
function intervalLabels(breaks: number[]): string[] {
  let formatted = breaks.map((value) => formatSignificant(value, 3));
  for (let digits = 4; digits <= 12 && new Set(formatted).size < formatted.length; digits++) {
    formatted = breaks.map((value) => formatSignificant(value, digits));
  }
  return formatted.slice(1).map((upper, i) => `(${formatted[i]},${upper}]`);
}

function formatSignificant(value: number, digits: number): string {
  return String(Number(value.toPrecision(digits)));
}

/** meanMode imputation value: `mean`, `median` or `get_mode` (last of the tied modes in order of appearance). */
function summarise(values: Float64Array, fn: string): number {
  const present = values.filter((value) => !Number.isNaN(value));
  if (present.length === 0) return NaN;
  switch (fn) {
    case 'mean':
      return meanOf(present);
    case 'median':
      return quantile7(Float64Array.from(present).sort(), 0.5);
    case 'get_mode': {
      const counts = new Map<number, number>();
      for (const value of present) counts.set(value, (counts.get(value) ?? 0) + 1);
      const top = Math.max(...counts.values());
      let mode = NaN;
      for (const [value, count] of counts) if (count === top) mode = value;
      return mode;
    }
    default:
      throw new Error(`Unsupported imputation function "${fn}" (use mean, median or get_mode).`);
  }
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  let n = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    sum += value;
    n++;
  }
  return sum / n;
}

/** R `scale()`: √(Σ(x − centre)² / (n − 1)) over non-missing values — the SD when centred. */
function rootMeanSquare(values: Float64Array, center: number): number {
  let sum = 0;
  let n = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    sum += (value - center) ** 2;
    n++;
  }
  return Math.sqrt(sum / Math.max(1, n - 1));
}

function preprocessorJson(config: PreprocessorConfig, learned: Learned): EngineJsonObject {
  const levelsMap = (map: Map<string, string[]>) =>
    map.size === 0 ? null : Object.fromEntries([...map].map(([name, levels]) => [name, vec(levels)]));
  return {
    '.class': 'Preprocessor',
    config: preprocessorConfigJson(config),
    values: {
      scale_centers: learned.centers === null ? null : vec(learned.centers),
      scale_coefficients: learned.scales === null ? null : vec(learned.scales),
      one_hot_levels: levelsMap(learned.oneHot),
      factor2integer_levels: levelsMap(learned.factor2integer),
      remove_features: config.remove_features === null ? null : vec(config.remove_features),
    },
  };
}

/** The `PreprocessorConfig` object, keys in rtemis's property order. */
export function preprocessorConfigJson(config: PreprocessorConfig): EngineJsonObject {
  const names = (map: Record<string, string[]> | null) =>
    map === null ? null : Object.fromEntries(Object.entries(map).map(([name, levels]) => [name, vec(levels)]));
  const numbers = (map: Record<string, number> | null) => (map === null ? null : vec(Object.values(map)));
  const list = (values: readonly unknown[] | null) => (values === null ? null : vec(values));
  return {
    '.class': 'PreprocessorConfig',
    complete_cases: config.complete_cases,
    remove_features_thres: config.remove_features_thres,
    remove_cases_thres: config.remove_cases_thres,
    missingness: config.missingness,
    impute: config.impute,
    impute_type: config.impute_type,
    impute_missRanger_params: config.impute_missRanger_params as EngineJsonObject,
    impute_discrete: config.impute_discrete,
    impute_continuous: config.impute_continuous,
    integer2factor: config.integer2factor,
    integer2numeric: config.integer2numeric,
    logical2factor: config.logical2factor,
    logical2numeric: config.logical2numeric,
    numeric2factor: config.numeric2factor,
    numeric2factor_levels: list(config.numeric2factor_levels),
    numeric_cut_n: config.numeric_cut_n,
    numeric_cut_labels: config.numeric_cut_labels,
    numeric_quant_n: config.numeric_quant_n,
    numeric_quant_NAonly: config.numeric_quant_NAonly,
    unique_len2factor: config.unique_len2factor,
    character2factor: config.character2factor,
    factorNA2missing: config.factorNA2missing,
    factorNA2missing_level: config.factorNA2missing_level,
    factor2integer: config.factor2integer,
    factor2integer_startat0: config.factor2integer_startat0,
    factor2integer_levels: names(config.factor2integer_levels),
    scale: config.scale,
    center: config.center,
    scale_centers: numbers(config.scale_centers),
    scale_coefficients: numbers(config.scale_coefficients),
    remove_constants: config.remove_constants,
    remove_constants_skip_missing: config.remove_constants_skip_missing,
    remove_duplicates: config.remove_duplicates,
    remove_features: list(config.remove_features),
    one_hot: config.one_hot,
    one_hot_levels: names(config.one_hot_levels),
    add_date_features: config.add_date_features,
    date_features: vec(config.date_features),
    add_holidays: config.add_holidays,
    holidays: vec(config.holidays),
    exclude: list(config.exclude),
  };
}
