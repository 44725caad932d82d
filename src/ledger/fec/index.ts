/**
 * FEC (Fichier des Écritures Comptables) reading and writing: a pure component, no database.
 */
export { readFec, summarizeFec } from './reader';
export { writeFec, formatFecLine, formatFecHeader, type FecWriteOptions, type FecWriteResult } from './writer';
export { FEC_COLUMNS, normalizeHeaderName, columnKeyOf } from './columns';
export { parseFecAmount, formatFecAmount, parseFecDate, formatFecDate, parseFecDirection } from './values';
export type {
  FecLine,
  FecWritableLine,
  FecColumnKey,
  FecSeparator,
  FecEncoding,
  FecLineEnding,
  FecFormat,
  FecProblem,
  FecProblemCode,
  FecEntryKey,
  FecReadOptions,
  FecSummary,
  FecReader,
  FecInput,
} from './types';
