/**
 * A checksum per table of every row, to check that a refused request wrote nothing. Sessions and
 * migrations aside (every request touches the first), and an API key's last use (a read updates it).
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isPostgres } from '../../src/db/transactions';

export async function snapshot(ds: DataSource): Promise<Map<string, string>> {
  const pg = isPostgres(ds);
  const tables = pg
    ? ((await ds.query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) as { name: string }[])
    : ((await ds.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as { name: string }[]);
  const out = new Map<string, string>();
  for (const { name } of tables) {
    if (['http_session', 'migrations', 'login_throttle'].includes(name)) continue;
    const rows = (await ds.query(`SELECT * FROM "${name}"`)) as Record<string, unknown>[];
    const lines = rows
      .map((r) => {
        delete r.last_used_at;
        return JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] instanceof Date ? (r[k] as Date).toISOString() : String(r[k])]));
      })
      .sort();
    out.set(name, `${rows.length}:${createHash('sha1').update(lines.join('\n')).digest('hex')}`);
  }
  return out;
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((k) => before.get(k) !== after.get(k));
}
