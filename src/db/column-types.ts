/**
 * Column helpers shared by every entity, so both databases store the same thing:
 * money as 64-bit integer cents (PostgreSQL returns bigint as text: the transformer turns it back),
 * business dates as 'YYYY-MM-DD' text, timestamps as ISO-8601 UTC text.
 */
import { ColumnOptions, ValueTransformer } from 'typeorm';

export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

export function centsColumn(options: Partial<ColumnOptions> = {}): ColumnOptions {
  return { type: 'bigint', default: 0, transformer: bigintToNumber, ...options } as ColumnOptions;
}

export function dateColumn(options: Partial<ColumnOptions> = {}): ColumnOptions {
  return { type: 'varchar', length: 10, ...options } as ColumnOptions;
}

export function timestampColumn(options: Partial<ColumnOptions> = {}): ColumnOptions {
  return { type: 'varchar', length: 30, ...options } as ColumnOptions;
}

/** A SUM()/COUNT() read from a raw query: PostgreSQL answers text for bigint and numeric. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(value);
  // An integer beyond 2^53 has lost its last digits: say so rather than show a wrong sum.
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) throw new RangeError(`sum ${String(value)} is beyond exact integer range`);
  return n;
}
