/**
 * Reading BODACC notices: each notice once per company, each collective-procedure notice matched with
 * the customers by SIREN, and for each matching customer one proposal: an intervention on its
 * oldest open dossier that opens the status dialog pre-filled (judgment, publication date, computed
 * declaration deadline). One transaction per file: a file is read whole or not at all.
 */
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { inTransaction, rawQuery, type Db } from '../db/transactions';
import { Company } from '../companies';
import { Dossier } from '../dossiers';
import { recordDossierEvent, type Actor } from '../history';
import { Intervention } from '../interventions';
import { DossierStatus } from '../settings';
import { ThirdParty } from '../third-parties';
import { BodaccNoticeRecord, BodaccProposal } from './bodacc.entity';
import { AppError } from '../shared/errors';
import { noticeEffect, normalizeSiren, parseBodaccFile, type BodaccNotice, type BodaccProcedure } from './bodacc.rules';
import type { DeclarationDelays } from '../collective-procedures';

export interface BodaccImportSummary {
  notices: number;
  /** Notices this company had already read (from an earlier file or the same file again). */
  alreadyKnown: number;
  collective: number;
  proposals: number;
  /** Customers a notice matched who have no open dossier: the proposal is on their record only. */
  customersWithoutDossier: number;
  problems: { record: number; message: string }[];
}

/** Status codes of the shipped list for each procedure; another legal status naming it counts too. */
const PROCEDURE_WORD: Record<BodaccProcedure, string> = { sauvegarde: 'SAUVEGARDE', redressement: 'REDRESSEMENT', liquidation: 'LIQUIDATION' };

export async function statusForProcedure(db: Db, procedure: BodaccProcedure): Promise<DossierStatus | null> {
  const legal = await db.getRepository(DossierStatus).find({ where: { kind: 'legal', active: true }, order: { position: 'ASC', id: 'ASC' } });
  return legal.find((s) => `${s.code} ${s.label}`.toUpperCase().includes(PROCEDURE_WORD[procedure])) ?? null;
}

async function customersBySiren(m: EntityManager, companyId: number): Promise<Map<string, ThirdParty[]>> {
  const customers = await m.getRepository(ThirdParty).createQueryBuilder('t').where('t.companyId = :companyId AND t.siren IS NOT NULL', { companyId }).getMany();
  const bySiren = new Map<string, ThirdParty[]>();
  for (const c of customers) {
    const siren = normalizeSiren(c.siren);
    if (siren) bySiren.set(siren, [...(bySiren.get(siren) ?? []), c]);
  }
  return bySiren;
}

/** The customer's oldest dossier still in an amicable (open) status, if any. */
async function openDossierOf(m: EntityManager, thirdPartyId: number): Promise<Dossier | null> {
  const openStatuses = (await m.getRepository(DossierStatus).findBy({ kind: 'open' })).map((s) => s.id);
  if (openStatuses.length === 0) return null;
  return m.getRepository(Dossier).findOne({ where: { thirdPartyId, statusId: In(openStatuses) }, order: { id: 'ASC' } });
}

async function saveNotice(m: EntityManager, companyId: number, n: BodaccNotice, effect: ReturnType<typeof noticeEffect>, source: string, actor: Actor, at: string): Promise<number | null> {
  // ON CONFLICT DO NOTHING on (company, notice id): two readers of the same file at once save it once,
  // and only the one whose insert returned the row goes on to make the proposals.
  const inserted = await rawQuery<{ id: number }>(
    m,
    `INSERT INTO bodacc_notice (company_id, notice_id, publication_date, family, notice_type, procedure, effect, judgment_nature, judgment_date, sirens, debtor_name, court, source, imported_at, imported_by)
     VALUES (:companyId, :noticeId, :publicationDate, :family, :noticeType, :procedure, :effect, :judgmentNature, :judgmentDate, :sirens, :debtorName, :court, :source, :at, :importedBy)
     ON CONFLICT DO NOTHING RETURNING id`,
    {
      companyId, noticeId: n.noticeId, publicationDate: n.publicationDate, family: n.family?.slice(0, 40) ?? null, noticeType: n.noticeType?.slice(0, 40) ?? null,
      procedure: effect.kind === 'proposal' ? effect.procedure : null, effect: effect.kind === 'proposal' ? 'proposal' : effect.reason,
      judgmentNature: n.judgment?.nature ?? null, judgmentDate: n.judgment?.date ?? null, sirens: n.sirens.join(','), debtorName: n.debtorName?.slice(0, 200) ?? null,
      court: n.court?.slice(0, 200) ?? null, source: source.slice(0, 200), at, importedBy: actor.userId,
    },
  );
  return inserted.length ? Number(inserted[0].id) : null;
}

export async function importBodaccNotices(
  db: Db,
  input: { companyId?: number; text: string; source: string; today: string; delays: DeclarationDelays },
  actor: Actor,
  at: string,
): Promise<BodaccImportSummary> {
  const parsed = parseBodaccFile(input.text);
  return inTransaction(db, async (m) => {
    const company = input.companyId ? await m.getRepository(Company).findOneByOrFail({ id: input.companyId }) : await m.getRepository(Company).findOneOrFail({ where: {}, order: { id: 'ASC' } });
    const bySiren = await customersBySiren(m, company.id);
    const known = new Set((await m.getRepository(BodaccNoticeRecord).findBy({ companyId: company.id, noticeId: In(parsed.notices.map((n) => n.noticeId).slice(0, 10000)) })).map((r) => r.noticeId));
    const summary: BodaccImportSummary = { notices: parsed.notices.length, alreadyKnown: 0, collective: 0, proposals: 0, customersWithoutDossier: 0, problems: parsed.problems };
    for (const notice of parsed.notices) {
      if (known.has(notice.noticeId)) {
        summary.alreadyKnown++;
        continue;
      }
      const effect = noticeEffect(notice, { outsideMetropolitanFrance: company.country !== 'FR', delays: input.delays });
      const rowId = await saveNotice(m, company.id, notice, effect, input.source, actor, at);
      if (rowId === null) {
        summary.alreadyKnown++;
        continue;
      }
      if (effect.kind !== 'proposal') continue;
      summary.collective++;
      const customers = notice.sirens.flatMap((s) => bySiren.get(s) ?? []);
      for (const customer of new Map(customers.map((c) => [c.id, c])).values()) {
        const dossier = await openDossierOf(m, customer.id);
        let interventionId: number | null = null;
        if (dossier) {
          const intervention = await m.getRepository(Intervention).save(
            m.getRepository(Intervention).create({
              dossierId: dossier.id, type: 'task', label: `BODACC : ${notice.judgment?.nature ?? effect.procedure}`.slice(0, 200), dueDate: input.today, priority: 900,
              assigneeId: dossier.controllerId, state: 'todo', source: 'system', stepCode: null, occurrence: null, doneDate: null, doneAt: null, doneBy: null, result: null,
              comment: [notice.court, notice.publicationDate ? `publié le ${notice.publicationDate}` : null, `avis ${notice.noticeId}`].filter(Boolean).join(' — '),
              skipReason: null, version: 1, createdAt: at, createdBy: actor.userId,
            }),
          );
          interventionId = intervention.id;
          await recordDossierEvent(m, actor, {
            dossierId: dossier.id, at, type: 'bodaccNotice',
            details: { noticeId: notice.noticeId, nature: notice.judgment?.nature ?? '', publicationDate: notice.publicationDate ?? '', judgmentDate: notice.judgment?.date ?? '', interventionId },
          });
        } else summary.customersWithoutDossier++;
        await m.getRepository(BodaccProposal).save(
          m.getRepository(BodaccProposal).create({
            noticeRowId: rowId, thirdPartyId: customer.id, dossierId: dossier?.id ?? null, interventionId, procedure: effect.procedure, opening: effect.opening,
            judgmentDate: effect.judgmentDate, publicationDate: effect.publicationDate, deadline: effect.deadline, incomplete: effect.incomplete, state: 'open', createdAt: at,
          }),
        );
        summary.proposals++;
      }
    }
    return summary;
  });
}

export interface ProposalView extends BodaccProposal {
  noticeId: string;
  nature: string | null;
  court: string | null;
  statusId: number | null;
}

/** The open proposals of a dossier (its customer's notices), newest first, with the status they propose. */
export async function openProposalsOfDossier(db: Db, dossierId: number): Promise<ProposalView[]> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  if (!dossier) return [];
  // Once the dossier is in a collective procedure (or closed), the proposal has done its work.
  const status = await db.getRepository(DossierStatus).findOneBy({ id: dossier.statusId });
  if (status?.kind !== 'open') return [];
  const proposals = await db.getRepository(BodaccProposal).find({ where: { thirdPartyId: dossier.thirdPartyId, state: 'open' }, order: { id: 'DESC' } });
  const out: ProposalView[] = [];
  for (const p of proposals) {
    const notice = await db.getRepository(BodaccNoticeRecord).findOneByOrFail({ id: p.noticeRowId });
    const status = await statusForProcedure(db, p.procedure as BodaccProcedure);
    out.push(Object.assign(p, { noticeId: notice.noticeId, nature: notice.judgmentNature, court: notice.court, statusId: status?.id ?? null }));
  }
  return out;
}

/** The status change has been made (or the controller judged the notice not relevant): the proposal closes. */
export async function closeProposal(db: Db, proposalId: number, state: 'applied' | 'dismissed'): Promise<void> {
  await db.getRepository(BodaccProposal).update({ id: proposalId, state: 'open' }, { state });
}

export interface NoticeListRow extends BodaccNoticeRecord {
  proposals: number;
}

export async function listNotices(db: Db, options: { limit?: number; offset?: number } = {}): Promise<{ rows: NoticeListRow[]; total: number }> {
  const [rows, total] = await db.getRepository(BodaccNoticeRecord).findAndCount({ order: { importedAt: 'DESC', id: 'DESC' }, take: options.limit ?? 50, skip: options.offset ?? 0 });
  const counts = rows.length
    ? ((await db.getRepository(BodaccProposal).createQueryBuilder('p').select('p.noticeRowId', 'id').addSelect('COUNT(*)', 'n').where('p.noticeRowId IN (:...ids)', { ids: rows.map((r) => r.id) }).groupBy('p.noticeRowId').getRawMany()) as { id: number; n: number | string }[])
    : [];
  const byId = new Map(counts.map((c) => [Number(c.id), Number(c.n)]));
  return { rows: rows.map((r) => Object.assign(r, { proposals: byId.get(r.id) ?? 0 })), total };
}

/** A proposal shown on a dossier: its customer's, else "not found" (as an unknown dossier). */
export async function dossierProposal(db: Db, dossierId: number, proposalId: number): Promise<{ dossier: Dossier; proposal: BodaccProposal }> {
  const dossier = await db.getRepository(Dossier).findOneBy({ id: dossierId });
  const proposal = dossier ? await db.getRepository(BodaccProposal).findOneBy({ id: proposalId, thirdPartyId: dossier.thirdPartyId }) : null;
  if (!dossier || !proposal) throw AppError.notFound();
  return { dossier, proposal };
}
