/**
 * The shape of a unit (engine/run/units.ts) as a worker receives it from a lead on another
 * worker, checked at the boundary like every message. Hyperparameter values were checked
 * by the config builder; here only their container is.
 */
import { z } from 'zod';

const rows = z.instanceof(Int32Array);
const hyperparameters = z.record(z.string(), z.unknown());
const seed = z.number().int().min(0);

const foldSpec = z.object({ name: z.string().nullable(), index: z.number().int().min(1), trainRows: rows, testRows: rows.nullable(), seed });

export const engineUnitSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('outer_fold'),
    fold: foldSpec,
    of: z.number().int().min(1),
    graph: z.object({ sessionId: z.string(), parentId: z.string(), idPrefix: z.string() }),
    origin: z.number(),
  }),
  z.object({
    kind: z.literal('grid_cell'),
    fitKey: z.string(),
    hyperparameters,
    trainRows: rows,
    testRows: rows,
    seed,
    resolveOnNull: z.boolean(),
    origin: z.number(),
  }),
  z.object({
    kind: z.literal('fit_part'),
    fit: z.object({ key: z.string(), hyperparameters, trainRows: rows, testRows: rows.nullable(), seed, prepSeed: seed }),
    part: z.number().int().min(0),
  }),
]);
