/**
 * The package the agencies' and insurers' portals ask for when a claim is handed over: creditor and
 * subsidiary, our customer number, the currency, the debtor's identity, every financial element with
 * its copy, the comment. Rendered as HTML (views/handoff/package.ejs) printed to PDF by Chromium
 * (src/printing), and zipped with the copies.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { attachmentPath, listAttachments, uniqueNames } from '../attachments';
import type { Config } from '../config';
import { Company } from '../companies';
import { Contact } from '../contacts';
import type { Db } from '../db/transactions';
import { dossierAccount } from '../dossier-account';
import { Dossier } from '../dossiers';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { copyOf, type PackageElement } from './handoff.rules';
import { activeHandoff } from './handoff.service';

export interface HandoffPackage {
  dossierNumber: number;
  agency: string;
  entrustedOn: string;
  customerNumber: string | null;
  comment: string | null;
  currency: string;
  authorityLimit: number;
  creditor: Company;
  parent: Company | null;
  debtor: ThirdParty;
  contact: Contact | null;
  elements: PackageElement[];
  balance: number;
  files: { id: number; name: string; path: string }[];
}

export async function handoffPackage(db: Db, config: Config, dossierId: number, today: string): Promise<HandoffPackage> {
  const h = await activeHandoff(db, dossierId);
  if (!h) throw AppError.field('agencyId', 'handoff.errors.notEntrusted');
  const dossier = await db.getRepository(Dossier).findOneByOrFail({ id: dossierId });
  const creditor = await db.getRepository(Company).findOneByOrFail({ id: dossier.companyId });
  const parent = creditor.parentId ? await db.getRepository(Company).findOneBy({ id: creditor.parentId }) : null;
  const debtor = await db.getRepository(ThirdParty).findOneByOrFail({ id: dossier.thirdPartyId });
  const contact = (await db.getRepository(Contact).findOne({ where: { dossierId }, order: { id: 'ASC' } }))
    ?? (await db.getRepository(Contact).findOne({ where: { thirdPartyId: debtor.id }, order: { id: 'ASC' } }));
  const account = await dossierAccount(db, dossierId, today);
  const attachments = (await listAttachments(db, dossierId)).sort((a, b) => a.id - b.id);
  const names = uniqueNames(attachments.map((a) => a.originalName)).map((n, i) => `pieces/${String(i + 1).padStart(2, '0')}-${n}`);
  const files = attachments.map((a, i) => ({ id: a.id, elementId: a.elementId, name: names[i], path: attachmentPath(config, a) }));
  const byElement = new Map(account.elements.map((e) => [e.id, e]));
  const elements: PackageElement[] = account.lines.filter((l) => l.counted).map((l) => {
    const element = l.source === 'element' ? byElement.get(l.sourceId) : undefined;
    const number = l.reference ?? l.label ?? String(l.sourceId);
    return {
      type: l.kind === 'invoice' || l.kind === 'creditNote' || l.kind === 'cost' ? l.kind : 'payment',
      number, issueDate: l.date, dueDate: l.dueDate,
      grossAmount: element?.grossAmount ?? Math.abs(l.debit - l.credit), netAmount: element?.netAmount ?? null,
      currency: element?.currency ?? dossier.currency, comment: element?.comment ?? l.label,
      copy: copyOf({ elementId: element?.id ?? null, number }, files),
    };
  });
  return {
    dossierNumber: dossier.number, agency: h.agencyLabel, entrustedOn: h.entrustedOn, customerNumber: h.customerNumber, comment: h.comment,
    currency: dossier.currency, authorityLimit: h.authorityLimit, creditor, parent, debtor, contact, elements, balance: account.overview.balance,
    files: files.map(({ id, name, path }) => ({ id, name, path })),
  };
}

/** The zip: the package as PDF, then every copy under pieces/. */
export async function writeHandoffZip(pkg: HandoffPackage, pdf: Buffer, out: Writable): Promise<void> {
  // Loaded when a zip is written, not with the module: archiver adds about 20 MB to every process (the daily job, the import).
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(pdf, { name: `transmission-dossier-${pkg.dossierNumber}.pdf` });
  for (const f of pkg.files) if (fs.existsSync(f.path)) zip.file(f.path, { name: f.name });
  await zip.finalize();
  await done;
}
