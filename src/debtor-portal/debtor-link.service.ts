/**
 * The debtor's personal link: made (or reused) when a letter or e-mail is produced, checked when the
 * debtor opens the page, revoked from the dossier. The secret is kept like SESSION_SECRET: the
 * setting, else one generated once and stored in the database for every instance.
 */
import { randomBytes } from 'node:crypto';
import { In, IsNull, MoreThanOrEqual } from 'typeorm';
import { loadConfig, type Config } from '../config';
import { Db, inTransaction } from '../db/transactions';
import { rows } from '../db/sql';
import { recordDossierEvent, type Actor } from '../dossiers';
import { AppSetting } from '../settings';
import { addDays, type BusinessDate } from '../shared/business-date';
import { AppError } from '../shared/errors';
import { DebtorLink } from './debtor-link.entity';
import { signLink, verifyLink } from './debtor-portal.rules';

const SECRET_KEY = 'debtor_link_secret';
/** A letter renews the link when fewer days than this are left, so that a link printed today still works for weeks. */
const RENEW_BELOW_DAYS = 7;

export interface PortalSettings {
  secret?: string;
  days: number;
  /** Absolute URL of the module's root (with its base path), no trailing slash. */
  publicUrl: string;
}

let configured: PortalSettings | null = null;

/**
 * Called by createRecoveryModule (the CLI, i.e. the daily run, falls back to the environment's settings).
 * The secret is made at start, like the session's: opening a page never writes it.
 */
export async function configureDebtorPortal(db: Db, config: Config, basePath: string): Promise<void> {
  configured = { secret: config.debtorLinkSecret, days: config.debtorLinkDays, publicUrl: publicUrlOf(config, basePath) };
  await linkSecret(db);
}

export function publicUrlOf(config: Config, basePath: string): string {
  return (config.publicUrl ?? `http://${config.host}:${config.port}${basePath}`).replace(/\/$/, '');
}

function settings(): PortalSettings {
  if (configured) return configured;
  const c = loadConfig();
  return { secret: c.debtorLinkSecret, days: c.debtorLinkDays, publicUrl: publicUrlOf(c, c.basePath) };
}

export async function linkSecret(db: Db): Promise<string> {
  const s = settings();
  if (s.secret) return s.secret;
  const repo = db.getRepository(AppSetting);
  const existing = await repo.findOneBy({ key: SECRET_KEY });
  if (existing) return existing.value;
  await repo.createQueryBuilder().insert().values({ key: SECRET_KEY, value: randomBytes(32).toString('base64') }).orIgnore().execute();
  return (await repo.findOneByOrFail({ key: SECRET_KEY })).value;
}

export interface DebtorPageLink {
  url: string;
  token: string;
  expiresOn: BusinessDate;
}

/** The dossier's current link (reused while it has days left), or a new one. */
export async function debtorLinkFor(db: Db, dossierId: number, today: BusinessDate, at: string = new Date().toISOString()): Promise<DebtorPageLink> {
  const s = settings();
  const repo = db.getRepository(DebtorLink);
  let link = await repo.findOne({ where: { dossierId, revokedAt: IsNull(), expiresOn: MoreThanOrEqual(addDays(today, RENEW_BELOW_DAYS)) }, order: { id: 'DESC' } });
  link ??= await repo.save(repo.create({ dossierId, expiresOn: addDays(today, s.days), revokedAt: null, revokedBy: null, lastUsedAt: null, createdAt: at }));
  const token = signLink(await linkSecret(db), link.id, link.expiresOn);
  return { url: `${s.publicUrl}/espace/${token}`, token, expiresOn: link.expiresOn };
}

/**
 * The same for many dossiers at once (the daily job's letters): one read per slice, the missing
 * links inserted together. Same rule as debtorLinkFor: a link with days left is reused.
 */
export async function debtorLinksFor(db: Db, dossierIds: number[], today: BusinessDate, at: string = new Date().toISOString()): Promise<Map<number, DebtorPageLink>> {
  const s = settings();
  const secret = await linkSecret(db);
  const out = new Map<number, DebtorPageLink>();
  const ids = [...new Set(dossierIds)];
  const expiresOn = addDays(today, s.days);
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const found = new Map<number, { id: number; expiresOn: string }>();
    const links = await db.getRepository(DebtorLink).find({ where: { dossierId: In(slice), revokedAt: IsNull(), expiresOn: MoreThanOrEqual(addDays(today, RENEW_BELOW_DAYS)) }, order: { id: 'DESC' } });
    for (const l of links) if (!found.has(l.dossierId)) found.set(l.dossierId, l);
    const missing = slice.filter((id) => !found.has(id));
    for (let j = 0; j < missing.length; j += 200) {
      const part = missing.slice(j, j + 200);
      const made = await rows<{ id: unknown; dossier_id: unknown }>(db,
        `INSERT INTO debtor_link (dossier_id, expires_on, revoked_at, revoked_by, last_used_at, created_at) VALUES ${part.map(() => '(?, ?, NULL, NULL, NULL, ?)').join(', ')} RETURNING id, dossier_id`,
        part.flatMap((id) => [id, expiresOn, at]));
      for (const r of made) found.set(Number(r.dossier_id), { id: Number(r.id), expiresOn });
    }
    for (const id of slice) {
      const link = found.get(id)!;
      const token = signLink(secret, link.id, link.expiresOn);
      out.set(id, { url: `${s.publicUrl}/espace/${token}`, token, expiresOn: link.expiresOn });
    }
  }
  return out;
}

/** Revokes every link of the dossier: the letters already sent no longer open the page. */
export async function revokeDebtorLinks(db: Db, dossierId: number, actor: Actor, at: string): Promise<number> {
  return inTransaction(db, async (m) => {
    const done = await m.getRepository(DebtorLink).update({ dossierId, revokedAt: IsNull() }, { revokedAt: at, revokedBy: actor.userId });
    if (done.affected) await recordDossierEvent(m, actor, { dossierId, at, type: 'debtorLinkRevoked', details: { count: done.affected } });
    return done.affected ?? 0;
  });
}

export async function dossierLinks(db: Db, dossierId: number): Promise<DebtorLink[]> {
  return db.getRepository(DebtorLink).find({ where: { dossierId }, order: { id: 'DESC' }, take: 10 });
}

/** The link a token names, if its signature holds, it has not expired and it was not revoked; else 404 / 410. */
export async function openLink(db: Db, token: string, today: BusinessDate): Promise<DebtorLink> {
  // A token of the wrong shape is refused before anything is read.
  if (!/^\d{1,9}\.\d{8}\.[A-Za-z0-9_-]{32}$/.test(token)) throw AppError.notFound('portal.errors.invalid');
  const check = verifyLink(await linkSecret(db), token, today);
  if (!check.ok) throw check.reason === 'expired' ? new AppError('invalid_state', 'portal.errors.expired', 410) : AppError.notFound('portal.errors.invalid');
  const link = await db.getRepository(DebtorLink).findOneBy({ id: check.linkId });
  if (!link || link.expiresOn !== check.expiresOn) throw AppError.notFound('portal.errors.invalid');
  if (link.revokedAt) throw new AppError('invalid_state', 'portal.errors.revoked', 410);
  return link;
}

/** When the link was last opened (the dossier's panel shows it). */
export async function markLinkUsed(db: Db, id: number, at: string): Promise<void> {
  await db.getRepository(DebtorLink).update({ id }, { lastUsedAt: at });
}

/** The URL of an existing link (the dossier page shows it). */
export async function signLinkUrl(db: Db, link: DebtorLink): Promise<string> {
  return `${settings().publicUrl}/espace/${signLink(await linkSecret(db), link.id, link.expiresOn)}`;
}
