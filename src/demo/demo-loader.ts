/**
 * Loads the demo company (fixtures/demo) into an empty database, in one transaction: settings lists,
 * credit controllers with their user accounts, customers and contacts, the ledger (read through the
 * FEC reader), and the dossiers with their entries and interventions.
 */
import fs from 'node:fs';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword, generatePassword, User } from '../auth';
import { Company } from '../companies';
import { Contact } from '../contacts';
import { CreditController } from '../credit-controllers';
import { Dossier, DossierEntry, refreshDossierBalances } from '../dossiers';
import { DossierEvent } from '../history';
import { Intervention } from '../interventions';
import { readFec, ensureThirdParties, insertLedgerLines, isCustomerAccount, type LedgerLineInput, SourceKeyer, LedgerEntry } from '../ledger';
import { AppSetting, DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode } from '../settings';
import { Scenario, markScenarioJoined } from '../scenarios';
import { ThirdParty } from '../third-parties';
import { fromRoot } from '../shared/paths';
import { nowIso, todayIn } from '../shared/business-date';
import { demoFixturesSchema, DemoFixtures } from './demo-fixtures.schema';
import { hundredthsOf } from '../shared/money';

export const DEMO_DIR = fromRoot('fixtures', 'demo');
const LOADED_FLAG = 'demo_loaded';

export interface DemoLoadResult {
  customers: number;
  ledgerLines: number;
  dossiers: number;
  interventions: number;
  /** Generated passwords of the demo credit controllers' accounts, printed once by the server. */
  users: { username: string; password: string }[];
}

export function readDemoFixtures(dir = DEMO_DIR): DemoFixtures {
  const raw = JSON.parse(fs.readFileSync(`${dir}/company.json`, 'utf8'));
  const parsed = demoFixturesSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`fixtures/demo/company.json: ${first.path.join('.')}: ${first.message}`);
  }
  return parsed.data;
}

async function readDemoLedger(dir: string, dueDates: Record<string, string>): Promise<LedgerLineInput[]> {
  const reader = readFec(`${dir}/ledger.fec.txt`);
  const keyer = new SourceKeyer('demo');
  const lines: LedgerLineInput[] = [];
  for await (const line of reader) {
    lines.push({ ...line, dueDate: line.dueDate ?? (line.auxiliaryAccount ? (dueDates[line.pieceRef] ?? null) : null), sourceKey: keyer.keyOf(line) });
  }
  if (reader.problemCount > 0) {
    const p = reader.problems[0];
    throw new Error(`fixtures/demo/ledger.fec.txt line ${p.lineNumber}: ${p.message}`);
  }
  return lines;
}

/** Loads the demo once: returns what it loaded, or null when the database already has data or the demo. */
export async function loadDemoOnFirstStart(dataSource: DataSource, config: { customerAccountPrefixes: string; timeZone?: string }, dir = DEMO_DIR): Promise<DemoLoadResult | null> {
  if (await dataSource.getRepository(AppSetting).existsBy({ key: LOADED_FLAG })) return null;
  if ((await dataSource.getRepository(Company).count()) > 0) return null;
  const fixtures = readDemoFixtures(dir);
  const ledger = await readDemoLedger(dir, fixtures.dueDates);
  const prefixes = config.customerAccountPrefixes.split(',').map((p) => p.trim());
  // Hash outside the transaction: it is slow on purpose and must not hold the database lock.
  const users: { username: string; password: string; hash: string }[] = [];
  for (const c of fixtures.creditControllers) {
    const password = generatePassword();
    users.push({ username: c.username, password, hash: await hashPassword(password) });
  }
  try {
    return await dataSource.transaction(async (m) => {
      // The flag goes first: a second instance starting at the same moment fails on its primary key and loads nothing.
      await m.getRepository(AppSetting).insert({ key: LOADED_FLAG, value: nowIso() });
      return loadInto(m, fixtures, ledger, prefixes, users, todayIn(config.timeZone ?? 'Europe/Paris'));
    });
  } catch (err) {
    if (await dataSource.getRepository(AppSetting).existsBy({ key: LOADED_FLAG })) return null;
    throw err;
  }
}

/**
 * The shipped reference lists (statuses with their kinds, risk codes, dispute reasons, resolutions,
 * results), from the demo's company.json: the demo loads them, and so does a company's first set-up
 * (src/setup) when the lists are empty. Returns code → row maps.
 */
export async function seedReferenceLists(m: EntityManager, f: Pick<DemoFixtures, 'statuses' | 'riskCodes' | 'disputeReasons' | 'resolutions' | 'results'> = readDemoFixtures(DEMO_DIR)) {
  const statuses = new Map<string, DossierStatus>();
  for (const [position, s] of f.statuses.entries()) {
    statuses.set(s.code, await m.getRepository(DossierStatus).save({
      code: s.code, label: s.label, kind: s.kind, position, active: true, requiresApproval: s.requiresApproval,
      proposedLossHundredths: s.proposedLossPercentage === null ? null : hundredthsOf(s.proposedLossPercentage),
    }));
  }
  const list = async <T extends { id: number; code: string }>(entity: new () => T, items: { code: string; label: string }[]) => {
    const ids = new Map<string, number>();
    for (const [position, item] of items.entries()) {
      const saved = (await m.getRepository(entity).save({ ...item, position, active: true } as never)) as unknown as T;
      ids.set(item.code, saved.id);
    }
    return ids;
  };
  const riskCodes = await list(RiskCode, f.riskCodes);
  const disputeReasons = await list(DisputeReason, f.disputeReasons);
  const resolutions = await list(Resolution, f.resolutions);
  const results = await list(DossierResult, f.results);

  return { statuses, riskCodes, disputeReasons, resolutions, results };
}

async function loadInto(
  m: EntityManager,
  f: DemoFixtures,
  ledger: LedgerLineInput[],
  prefixes: string[],
  users: { username: string; password: string; hash: string }[],
  today: string,
): Promise<DemoLoadResult> {
  const now = nowIso();
  const { subsidiaries, ...creditor } = f.company;
  const company = await m.getRepository(Company).save({ ...creditor, parentId: null });
  for (const s of subsidiaries) await m.getRepository(Company).save({ ...s, parentId: company.id });

  const { statuses, riskCodes, disputeReasons, resolutions, results } = await seedReferenceLists(m, f);

  const controllers = new Map<string, number>();
  for (const c of f.creditControllers) {
    const account = users.find((u) => u.username === c.username)!;
    const user = await m.getRepository(User).save({
      username: c.username, displayName: c.name, passwordHash: account.hash, role: 'controller', locale: null, active: true,
      sessionGeneration: 1, createdAt: now, lastLoginAt: null,
    });
    const saved = await m.getRepository(CreditController).save({ code: c.code, name: c.name, email: c.email, phone: c.phone, userId: user.id, active: true });
    controllers.set(c.code, saved.id);
  }
  for (const contact of f.companyContacts) {
    await m.getRepository(Contact).save({ ...contact, kind: 'company', companyId: company.id, thirdPartyId: null, dossierId: null, mobile: null, version: 1 });
  }

  const customerNames = new Map(f.customers.map((c) => [c.auxiliaryAccount, c.name]));
  const thirdPartyIds = await ensureThirdParties(m, company.id, customerNames);
  for (const c of f.customers) {
    const id = thirdPartyIds.get(c.auxiliaryAccount)!;
    await m.getRepository(ThirdParty).update({ id }, {
      name: c.name, legalForm: c.legalForm, address: c.address, postalCode: c.postalCode, city: c.city, country: c.country,
      vatNumber: c.vatNumber, siren: c.siren, phone: c.phone, email: c.email, riskCodeId: riskCodes.get(c.riskCode) ?? null,
      creditControllerId: controllers.get(c.controller) ?? null, paymentTermsDays: c.paymentTermsDays,
    });
    for (const contact of c.contacts) {
      await m.getRepository(Contact).save({ ...contact, kind: 'customer', thirdPartyId: id, companyId: null, dossierId: null, mobile: null, version: 1 });
    }
  }
  const ledgerLines = await insertLedgerLines(m, company.id, ledger, thirdPartyIds, prefixes);

  // Shipped scenarios load before the demo (server.ts); a missing one leaves the dossier without scenario.
  const scenarios = new Map((await m.getRepository(Scenario).find()).map((s) => [s.code, s.id]));
  let interventions = 0;
  for (const d of f.dossiers) {
    const thirdPartyId = thirdPartyIds.get(d.customer)!;
    const controllerId = controllers.get(d.controller) ?? null;
    const dossier = await m.getRepository(Dossier).save({
      companyId: company.id, number: d.number, statusId: statuses.get(d.status)!.id, thirdPartyId, scenarioId: d.scenario ? (scenarios.get(d.scenario) ?? null) : null,
      lossHundredths: hundredthsOf(d.lossPercentage), priority: d.priority, startDate: d.startDate,
      originControllerId: controllerId, disputeReasonId: d.disputeReason ? (disputeReasons.get(d.disputeReason) ?? null) : null,
      originContactId: null, controllerId, contactId: null, comment: d.comment, endDate: d.endDate,
      resolutionId: d.resolution ? (resolutions.get(d.resolution) ?? null) : null, resultId: d.result ? (results.get(d.result) ?? null) : null,
      judgmentDate: d.judgmentDate, bodaccDate: d.bodaccDate, claimsDeclarationDeadline: d.claimsDeclarationDeadline,
      currency: 'EUR', creditorReference: d.creditorReference, version: 1, createdAt: now, updatedAt: now, createdBy: null, updatedBy: null,
    });
    const entries = await m
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.third_party_id = :tp AND e.piece_ref IN (:...refs)', { tp: thirdPartyId, refs: d.pieceRefs })
      .getMany();
    // The demo's dossiers start on their scenario at the first start: the steps already due then are passed over but the latest.
    if (dossier.scenarioId !== null) await markScenarioJoined(m, dossier.id, today);
    const linked = entries.filter((e) => isCustomerAccount(e.account, prefixes));
    for (const e of linked) {
      await m.getRepository(DossierEntry).save({ dossierId: dossier.id, ledgerEntryId: e.id, linkedAt: now, linkedBy: null });
    }
    // The Chrono tells the dossier's story as it happened (not the moment the demo loaded): its
    // creation and linked entries on its start date, its interventions when raised and when handled,
    // and the customer's payments on the linked invoices since it started.
    const event = (at: string, type: string, details: Record<string, unknown>, amount: number | null = null) =>
      m.getRepository(DossierEvent).save({ dossierId: dossier.id, at, userId: null, userName: null, type, details: JSON.stringify(details), amount });
    const start = `${d.startDate}T08:00:00.000Z`;
    await event(start, 'created', { number: d.number, customer: customerNames.get(d.customer) ?? d.customer, status: statuses.get(d.status)!.label, source: 'demo' });
    for (const e of linked.filter((x) => x.debit > 0)) await event(start, 'entryLinked', { pieceRef: e.pieceRef ?? e.entryNumber, label: e.label ?? '', journal: e.journalCode, entryDate: e.entryDate, dueDate: e.dueDate }, e.debit - e.credit);
    for (const i of d.interventions) {
      const saved = await m.getRepository(Intervention).save({
        dossierId: dossier.id, type: i.type, label: i.label, dueDate: i.dueDate, priority: i.priority, assigneeId: controllerId,
        state: i.state, source: 'manual', stepCode: null, occurrence: null, doneDate: i.doneDate, doneAt: i.doneDate ? `${i.doneDate}T10:00:00.000Z` : null,
        doneBy: null, result: i.result, comment: i.comment, skipReason: i.state === 'skipped' ? (i.comment ?? 'demo') : null, version: 1,
        createdAt: now, createdBy: null,
      });
      interventions++;
      const raisedOn = i.dueDate < d.startDate ? i.dueDate : d.startDate;
      await event(`${raisedOn}T08:30:00.000Z`, 'interventionAdded', { interventionId: saved.id, kind: i.type, label: i.label, dueDate: i.dueDate, state: 'todo' });
      if (i.state === 'done' && i.doneDate) await event(`${i.doneDate}T10:00:00.000Z`, 'interventionDone', { interventionId: saved.id, kind: i.type, label: i.label, result: i.result, comment: i.comment });
      // A skipped step without a date was dropped when the dossier ended, or when it fell due.
      const skippedOn = i.doneDate ?? (d.endDate && d.endDate < i.dueDate ? d.endDate : i.dueDate);
      if (i.state === 'skipped') await event(`${skippedOn}T10:00:00.000Z`, 'interventionSkipped', { interventionId: saved.id, kind: i.type, label: i.label, reason: i.comment ?? '' });
    }
    const letterings = [...new Set(linked.map((e) => e.lettering).filter((l): l is string => l !== null))];
    const paid = await m
      .getRepository(LedgerEntry)
      .createQueryBuilder('e')
      .where('e.third_party_id = :tp AND e.credit > 0 AND e.entry_date >= :start', { tp: thirdPartyId, start: d.startDate })
      .andWhere(letterings.length ? '(e.id IN (:...ids) OR e.lettering IN (:...letterings))' : 'e.id IN (:...ids)', { ids: linked.map((e) => e.id).concat(0), letterings })
      .orderBy('e.entry_date')
      .getMany();
    for (const p of paid.filter((x) => isCustomerAccount(x.account, prefixes))) {
      await event(`${p.entryDate}T12:00:00.000Z`, 'paymentReceived', { entryId: p.id, ref: p.pieceRef ?? p.entryNumber, label: p.label ?? '' }, p.credit - p.debit);
    }
  }
  // The demo writes its links directly: the dossiers' stored balances are written in the same transaction.
  await refreshDossierBalances(m, { thirdPartyIds: [...new Set(f.dossiers.map((d) => thirdPartyIds.get(d.customer)!))] });
  return { customers: f.customers.length, ledgerLines, dossiers: f.dossiers.length, interventions, users: users.map(({ username, password }) => ({ username, password })) };
}
