/** What the config builder needs to know about a data handle's columns, read from its Arrow schema. */
import { DataType, type Table } from 'apache-arrow';
import type { DatasetShape } from '../engine/config/train-config.js';
import { sortLevels } from '../data/factor-levels.js';

export function datasetShape(table: Table): DatasetShape {
  const lastIndex = table.numCols - 1;
  return {
    columns: table.schema.fields.map((field, index) => {
      const type = field.type as DataType;
      if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) {
        // Levels matter only for the outcome (`positive_class`, binary-only metrics).
        return index === lastIndex ? { name: field.name, kind: 'factor', levels: outcomeLevels(table, index) } : { name: field.name, kind: 'factor' };
      }
      if (DataType.isBool(type) || DataType.isNull(type)) return { name: field.name, kind: 'logical' };
      if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDate(type) || DataType.isTimestamp(type) || DataType.isDecimal(type)) {
        return { name: field.name, kind: 'numeric' };
      }
      return { name: field.name, kind: 'other' };
    }),
  };
}

function outcomeLevels(table: Table, index: number): string[] {
  const column = table.getChildAt(index)!;
  const levels = new Set<string>();
  for (let i = 0; i < column.length; i += 1) {
    const value: unknown = column.get(i);
    if (value !== null && value !== undefined) levels.add(String(value));
  }
  return sortLevels([...levels]);
}
