/** Rapports > Litiges ouverts: open disputes by age (since opened), reason, owner and amount, at today. */
import { In } from 'typeorm';
import { User } from '../auth';
import type { Db } from '../db/transactions';
import type { ReportOptions, ReportResult } from '../reports';
import { DisputeReason } from '../settings';
import { Dispute } from './dispute.entity';
import { AGE_BUCKETS, ageBucket, type AgeBucket } from './dispute.rules';

/** Days since opened, the same in both languages (the column header says "days"). */
const AGE_TEXT: Record<AgeBucket, string> = { d0to30: '0-30', d31to60: '31-60', d61to90: '61-90', over90: '> 90' };

export async function disputesReport(db: Db, o: ReportOptions): Promise<ReportResult> {
  const open = await db.getRepository(Dispute).find({ where: { status: 'open' }, order: { openedOn: 'ASC', id: 'ASC' } });
  const reasons = new Map((await db.getRepository(DisputeReason).find()).map((r) => [r.id, r.label]));
  const userIds = [...new Set(open.map((d) => d.ownerUserId).filter((x): x is number => x !== null))];
  const users = new Map((userIds.length ? await db.getRepository(User).findBy({ id: In(userIds) }) : []).map((u) => [u.id, u.displayName]));
  const groups = new Map<string, { reason: string; owner: string; age: AgeBucket; count: number; amount: number; oldest: string }>();
  for (const d of open) {
    const reason = reasons.get(d.reasonId) ?? '—';
    const owner = d.ownerTeam ?? (d.ownerUserId !== null ? (users.get(d.ownerUserId) ?? '—') : '—');
    const age = ageBucket(d.openedOn, o.today);
    const key = `${reason}|${owner}|${age}`;
    const g = groups.get(key) ?? { reason, owner, age, count: 0, amount: 0, oldest: d.openedOn };
    g.count++;
    g.amount += d.amount;
    if (d.openedOn < g.oldest) g.oldest = d.openedOn;
    groups.set(key, g);
  }
  const rows = [...groups.values()].sort((a, b) => AGE_BUCKETS.indexOf(b.age) - AGE_BUCKETS.indexOf(a.age) || a.reason.localeCompare(b.reason) || a.owner.localeCompare(b.owner))
    .map((g) => ({ age: AGE_TEXT[g.age], reason: g.reason, owner: g.owner, count: g.count, amount: g.amount, oldest: g.oldest }));
  const shown = o.pageRows ?? Infinity;
  return {
    code: 'disputes',
    columns: [
      { key: 'age', label: 'reports.columns.disputeAge', kind: 'text' },
      { key: 'reason', label: 'reports.columns.disputeReason', kind: 'text' },
      { key: 'owner', label: 'reports.columns.disputeOwner', kind: 'text' },
      { key: 'count', label: 'reports.columns.disputes', kind: 'int' },
      { key: 'amount', label: 'reports.columns.amount', kind: 'money' },
      { key: 'oldest', label: 'reports.columns.disputeOldest', kind: 'date' },
    ],
    rows: rows.slice(0, shown),
    totals: { age: null, reason: null, owner: null, count: open.length, amount: open.reduce((a, d) => a + d.amount, 0), oldest: open[0]?.openedOn ?? null },
    hiddenRows: Math.max(0, rows.length - shown),
    chart: {
      type: 'bar', unit: 'money', labels: AGE_BUCKETS.map((b) => AGE_TEXT[b]),
      datasets: [{ label: 'reports.columns.amount', data: AGE_BUCKETS.map((b) => open.filter((d) => ageBucket(d.openedOn, o.today) === b).reduce((a, d) => a + d.amount, 0)) }],
    },
  };
}
