/**
 * The four real FEC files written by other software live outside the repository, in the team's
 * shared folder (../shared/data/fec beside the checkout). FEC_SAMPLES_DIR points elsewhere; a
 * checkout made in another place finds the workplace's copy. Never skipped: without them the
 * importer's promise ("takes every one of them") is untested, so the tests fail and say where.
 */
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = [
  process.env.FEC_SAMPLES_DIR,
  path.resolve(__dirname, '../../../shared/data/fec'),
  '/work/shared/data/fec',
].filter((p): p is string => Boolean(p));

export const REAL_FEC_DIR = CANDIDATES.find((dir) => fs.existsSync(path.join(dir, '000000000FEC20231231.txt'))) ?? CANDIDATES[0];
