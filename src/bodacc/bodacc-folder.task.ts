/**
 * Daily task: the BODACC exports dropped in BODACC_DIR. Each file is read in one transaction and
 * moved to done/ (or to failed/ with a .error.txt beside it). A notice is processed once whatever
 * happens to the file: a file read twice (a crash between the commit and the move, or the same
 * export dropped again) finds its notices known and proposes nothing more.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { SYSTEM_ACTOR } from '../history';
import { importBodaccNotices } from './bodacc.service';
import { declarationDelays } from '../collective-procedures';

const READABLE = /\.(json|jsonl|ndjson|csv)$/i;

function moveTo(dir: string, sub: string, name: string): string {
  const target = path.join(dir, sub);
  fs.mkdirSync(target, { recursive: true });
  const dest = path.join(target, fs.existsSync(path.join(target, name)) ? `${Date.now()}-${name}` : name);
  fs.renameSync(path.join(dir, name), dest);
  return dest;
}

export async function bodaccFolderTask(deps: { dataSource: DataSource; config: Config }, businessDate: string): Promise<Record<string, number>> {
  const dir = deps.config.bodaccDir;
  const counts = { files: 0, notices: 0, proposals: 0, failedFiles: 0 };
  if (!dir || !fs.existsSync(dir)) return counts;
  const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && READABLE.test(e.name)).map((e) => e.name).sort();
  for (const name of names) {
    counts.files++;
    try {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const summary = await importBodaccNotices(deps.dataSource, { text, source: name, today: businessDate, delays: declarationDelays(deps.config) }, SYSTEM_ACTOR, new Date().toISOString());
      counts.notices += summary.notices - summary.alreadyKnown;
      counts.proposals += summary.proposals;
      moveTo(dir, 'done', name);
    } catch (err) {
      counts.failedFiles++;
      const dest = moveTo(dir, 'failed', name);
      fs.writeFileSync(`${dest}.error.txt`, err instanceof Error ? err.message : String(err));
    }
  }
  return counts;
}
