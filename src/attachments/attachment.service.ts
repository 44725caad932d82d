/**
 * Attachment use cases: store uploaded files under UPLOAD_DIR (never in a served folder, never under
 * a name the user chose), list them, resolve one for download, and build the dossier's zip
 * (Télécharger: the attachments, the dossier's details — account and history as CSV — or both).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../config';
import { Db, inTransaction } from '../db/transactions';
import { dossierAccount, FinancialElement } from '../dossier-account';
import { Dossier, recordDossierEvent, type Actor } from '../dossiers';
import { describeEvent, eventTypeLabel, listDossierEvents, NO_CHRONO_FILTER } from '../history';
import { AppError } from '../shared/errors';
import { formatterFor, translate, type Locale } from '../shared/i18n';
import { ThirdParty } from '../third-parties';
import { Attachment } from './attachment.entity';
import { csvLine } from '../shared/spreadsheet';
import { extensionOf, parseAllowedTypes, safeDisplayName, uniqueNames, uploadProblem } from './attachment.rules';

export interface UploadedFile {
  /** Temporary file written by multer. */
  path: string;
  originalname: string;
  size: number;
  mimetype: string;
}

export function attachmentsRoot(config: Config): string {
  return path.resolve(config.uploadDir, 'attachments');
}

export function maxBytesPerDossier(config: Config): number {
  return config.attachmentsMaxMbPerDossier * 1024 * 1024;
}

/** The file on disk, checked to stay inside the attachments folder whatever the row says. */
export function attachmentPath(config: Config, a: Pick<Attachment, 'dossierId' | 'storedName'>): string {
  const root = attachmentsRoot(config);
  const file = path.resolve(root, String(a.dossierId), a.storedName);
  if (!file.startsWith(root + path.sep) || !/^[a-f0-9]{32}\.[a-z0-9]{1,10}$/.test(a.storedName)) throw AppError.notFound();
  return file;
}

export async function storedBytes(db: Db, dossierId: number): Promise<number> {
  const rows = await db.getRepository(Attachment).find({ where: { dossierId }, select: { size: true } });
  return rows.reduce((s, r) => s + r.size, 0);
}

async function discard(files: UploadedFile[]): Promise<void> {
  await Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
}

/** Checks type and the dossier's size limit, moves the files in place and records them; refuses all or nothing. */
export async function addAttachments(db: Db, config: Config, dossierId: number, files: UploadedFile[], elementId: number | null, actor: Actor, at: string): Promise<Attachment[]> {
  const moved: string[] = [];
  try {
    return await inTransaction(db, async (m) => {
      if (!(await m.getRepository(Dossier).existsBy({ id: dossierId }))) throw AppError.notFound();
      const problem = uploadProblem(files.map((f) => ({ name: f.originalname, size: f.size })), await storedBytes(m, dossierId), maxBytesPerDossier(config), parseAllowedTypes(config.attachmentTypes));
      if (problem) throw AppError.field('files', problem);
      const dir = path.join(attachmentsRoot(config), String(dossierId));
      await fs.promises.mkdir(dir, { recursive: true });
      const saved: Attachment[] = [];
      for (const f of files) {
        const originalName = safeDisplayName(f.originalname);
        const storedName = `${crypto.randomBytes(16).toString('hex')}.${extensionOf(originalName)}`;
        const target = attachmentPath(config, { dossierId, storedName });
        await fs.promises.rename(f.path, target);
        moved.push(target);
        saved.push(await m.getRepository(Attachment).save(m.getRepository(Attachment).create({
          dossierId, elementId, originalName, storedName, mimeType: (f.mimetype || 'application/octet-stream').slice(0, 100), size: f.size, createdAt: at, createdBy: actor.userId,
        })));
      }
      await recordDossierEvent(m, actor, { dossierId, at, type: 'attachmentAdded', details: { names: saved.map((a) => a.originalName).join(', '), count: saved.length } });
      return saved;
    });
  } catch (err) {
    await Promise.all(moved.map((p) => fs.promises.rm(p, { force: true })));
    throw err;
  } finally {
    await discard(files);
  }
}

export async function listAttachments(db: Db, dossierId: number): Promise<Attachment[]> {
  return db.getRepository(Attachment).find({ where: { dossierId }, order: { createdAt: 'DESC', id: 'DESC' } });
}

export type ZipContent = 'attachments' | 'details' | 'both';

/** Streams the dossier's zip to `out`. Details: the account (overview and transactions) and the Chrono, as CSV. */
export async function writeDossierZip(db: Db, config: Config, dossierId: number, what: ZipContent, out: Writable, locale: Locale, today: string): Promise<void> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) throw AppError.notFound();
  // Loaded when a zip is written, not with the module: archiver adds about 20 MB to every process (the daily job, the import).
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  const t = (k: string, p?: Record<string, unknown>) => translate(locale, k, p);
  const fmt = formatterFor(locale, config.timeZone);
  if (what !== 'details') {
    // Oldest first, so the first "facture.pdf" keeps its name and later ones get (2), (3)…
    const files = (await listAttachments(db, dossierId)).sort((a, b) => a.id - b.id);
    const names = uniqueNames(files.map((f) => f.originalName));
    files.forEach((f, i) => zip.file(attachmentPath(config, f), { name: `${t('attachments.zip.folder')}/${names[i]}` }));
  }
  if (what !== 'attachments') {
    const customer = await db.getRepository(ThirdParty).findOneBy({ id: dossier.thirdPartyId });
    const account = await dossierAccount(db, dossierId, today);
    const o = account.overview;
    let csv = '\ufeff' + csvLine([t('dossiers.dossier'), dossier.number, customer?.name ?? '', customer?.auxiliaryAccount ?? '']);
    for (const key of ['originalClaim', 'creditNotes', 'payments', 'recoveryCosts', 'balance', 'penalties', 'indemnities', 'totalClaimable'] as const) csv += csvLine([t(`account.overview.${key}`), fmt.csvAmount(o[key])]);
    csv += '\r\n' + csvLine([t('account.transactions.date'), t('account.transactions.kind'), t('account.transactions.reference'), t('account.transactions.label'), t('account.transactions.dueDate'), t('account.transactions.debit'), t('account.transactions.credit'), t('account.transactions.balance')]);
    for (const l of account.lines) csv += csvLine([fmt.date(l.date), t(`account.kinds.${l.kind}`), l.reference, l.label, fmt.date(l.dueDate), l.debit ? fmt.csvAmount(l.debit) : '', l.credit ? fmt.csvAmount(l.credit) : '', fmt.csvAmount(l.balance)]);
    zip.append(csv, { name: t('attachments.zip.account', { number: dossier.number }) });
    let history = '\ufeff' + csvLine([t('history.at'), t('history.who'), t('attachments.zip.type'), t('history.what'), t('common.amount')]);
    for (const e of await listDossierEvents(db, dossierId, NO_CHRONO_FILTER, 100000)) {
      history += csvLine([fmt.timestamp(e.at), e.userName ?? t('history.system'), eventTypeLabel(fmt, e.type), describeEvent(fmt, e), e.amount === null ? '' : fmt.csvAmount(e.amount)]);
    }
    zip.append(history, { name: t('attachments.zip.history', { number: dossier.number }) });
  }
  await zip.finalize();
  await done;
}

export async function getAttachment(db: Db, id: number): Promise<Attachment> {
  const a = await db.getRepository(Attachment).findOneBy({ id });
  if (!a) throw AppError.notFound();
  return a;
}

/** The dossier's financial elements, which an attachment may be filed under. */
export const dossierElements = (db: Db, dossierId: number): Promise<FinancialElement[]> =>
  db.getRepository(FinancialElement).find({ where: { dossierId }, order: { id: 'ASC' } });

export const isDossierElement = (db: Db, dossierId: number, elementId: number): Promise<boolean> =>
  db.getRepository(FinancialElement).existsBy({ id: elementId, dossierId });
