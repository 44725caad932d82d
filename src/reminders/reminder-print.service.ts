/**
 * Reminder letters and account statements for selected customers: a preview (per customer its open
 * items, each of which may be excluded, with the invoices' reminder counts, editable, and the letter
 * level they suggest), then one printable batch through src/documents. Confirming the print records a
 * sent reminder per invoice; the preview's token makes a second confirmation print the same batch
 * again without counting anything twice.
 */
import { In, IsNull } from 'typeorm';
import { buildCustomerContext, letterSection, printDocument, renderDocument } from '../documents';
import { Db, inTransaction } from '../db/transactions';
import { isUniqueViolation } from '../dossiers';
import type { Actor } from '../dossiers';
import { LedgerEntry, agingDate } from '../ledger';
import type { AgingBucket } from '../ledger';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { ReminderBatch, ReminderBatchKind, ReminderSent } from './reminder.entity';
import { reminderStates } from './reminder-list.service';
import { bucketOf, customerDaysLate, isOverdueInvoice, LEVEL_TEMPLATES, proposeLevel, ReminderLevel, STATEMENT_TEMPLATE } from './reminder.rules';

/** A batch is printed at once: beyond this, narrow the filters. */
export const MAX_BATCH_CUSTOMERS = 500;

export interface PreviewChoices {
  /** Entries left out of the letters. */
  excluded: Set<number>;
  /** Reminder count of an invoice as corrected by the user (before this print). */
  counts: Map<number, number>;
  /** Letter level chosen for a customer. */
  levels: Map<number, ReminderLevel>;
}

export function noChoices(): PreviewChoices {
  return { excluded: new Set(), counts: new Map(), levels: new Map() };
}

export interface PreviewItem {
  id: number;
  pieceRef: string | null;
  label: string | null;
  entryDate: string;
  dueDate: string | null;
  balance: number;
  daysLate: number;
  bucket: AgingBucket;
  /** An overdue invoice: the letters are about it and it gets a reminder counted. */
  overdueInvoice: boolean;
  /** Reminders sent so far, as stored; `count` is the one in force (possibly corrected). */
  storedCount: number;
  count: number;
  lastSentOn: string | null;
  excluded: boolean;
}

export interface PreviewCustomer {
  id: number;
  name: string;
  auxiliaryAccount: string;
  items: PreviewItem[];
  proposedLevel: ReminderLevel;
  level: ReminderLevel;
  /** Net overdue amount of the items kept. */
  overdue: number;
  daysLate: number;
  /** Something to print: an overdue invoice kept (letters) or any item kept (statements). */
  printable: boolean;
}

export interface Preview {
  kind: ReminderBatchKind;
  today: string;
  customers: PreviewCustomer[];
}

async function openEntriesOf(db: Db, customerIds: number[]): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < customerIds.length; i += 500) {
    out.push(
      ...(await db.getRepository(LedgerEntry).find({
        where: { thirdPartyId: In(customerIds.slice(i, i + 500)), lettering: IsNull() },
        order: { dueDate: 'ASC', entryDate: 'ASC', id: 'ASC' },
      })),
    );
  }
  return out;
}

/** What would be printed for these customers with the user's choices (nothing is written). */
export async function buildPreview(db: Db, kind: ReminderBatchKind, customerIds: number[], today: string, choices: PreviewChoices = noChoices()): Promise<Preview> {
  const ids = [...new Set(customerIds)];
  if (ids.length > MAX_BATCH_CUSTOMERS) throw AppError.field('customers', 'reminders.errors.tooMany', { max: MAX_BATCH_CUSTOMERS });
  if (ids.length === 0) return { kind, today, customers: [] };
  const customers = await db.getRepository(ThirdParty).find({ where: { id: In(ids) }, order: { name: 'ASC', id: 'ASC' } });
  const entries = await openEntriesOf(db, ids);
  const states = await reminderStates(db, entries.map((e) => e.id));
  const byCustomer = new Map<number, LedgerEntry[]>();
  for (const e of entries) byCustomer.set(e.thirdPartyId!, [...(byCustomer.get(e.thirdPartyId!) ?? []), e]);

  const out: PreviewCustomer[] = customers.map((c) => {
    const items: PreviewItem[] = (byCustomer.get(c.id) ?? []).map((e) => {
      const state = states.get(e.id);
      const overdueInvoice = isOverdueInvoice(e, today);
      const storedCount = state?.count ?? 0;
      const corrected = choices.counts.get(e.id);
      return {
        id: e.id, pieceRef: e.pieceRef, label: e.label, entryDate: e.entryDate, dueDate: e.dueDate, balance: e.debit - e.credit,
        daysLate: Math.max(0, customerDaysLate(agingDate(e), today)), bucket: bucketOf(e, today), overdueInvoice,
        storedCount, count: overdueInvoice && corrected !== undefined ? corrected : storedCount, lastSentOn: state?.lastSentOn ?? null,
        excluded: choices.excluded.has(e.id),
      };
    });
    const kept = items.filter((i) => !i.excluded);
    const keptInvoices = kept.filter((i) => i.overdueInvoice);
    const proposedLevel = proposeLevel(keptInvoices.map((i) => i.count));
    const oldest = keptInvoices.map((i) => agingDate(i)).sort()[0] ?? null;
    return {
      id: c.id, name: c.name, auxiliaryAccount: c.auxiliaryAccount, items, proposedLevel, level: choices.levels.get(c.id) ?? proposedLevel,
      overdue: kept.filter((i) => i.bucket !== 'notDue').reduce((s, i) => s + i.balance, 0), daysLate: customerDaysLate(oldest, today),
      printable: kind === 'letters' ? keptInvoices.length > 0 : kept.length > 0,
    };
  });
  return { kind, today, customers: out };
}

export interface PrintInput {
  token: string;
  kind: ReminderBatchKind;
  customerIds: number[];
  choices: PreviewChoices;
  today: string;
  actor: Actor;
  at: string;
}

export interface PrintResult {
  batchId: number;
  /** The token had been confirmed already: the same batch, nothing recorded again. */
  alreadyPrinted: boolean;
  letters: number;
  reminders: number;
}

/**
 * Prints the batch and records what was sent, in one transaction. A token already used returns its
 * batch: a double click, a reload or a second tab cannot count a reminder twice.
 */
export async function printBatch(db: Db, input: PrintInput): Promise<PrintResult> {
  if (!/^[A-Za-z0-9-]{16,64}$/.test(input.token)) throw AppError.field('token', 'reminders.errors.token');
  const existing = await db.getRepository(ReminderBatch).findOne({ where: { token: input.token }, select: { id: true, letterCount: true } });
  if (existing) return { batchId: existing.id, alreadyPrinted: true, letters: existing.letterCount, reminders: 0 };
  try {
    return await inTransaction(db, async (m) => {
      const preview = await buildPreview(m, input.kind, input.customerIds, input.today, input.choices);
      const printable = preview.customers.filter((c) => c.printable);
      if (printable.length === 0) throw AppError.field('customers', 'reminders.errors.nothingToPrint');
      const sections: string[] = [];
      for (const c of printable) {
        const kept = c.items.filter((i) => !i.excluded);
        const context = await buildCustomerContext(m, c.id, kept.map((i) => i.id), input.today);
        const code = input.kind === 'letters' ? LEVEL_TEMPLATES[c.level] : STATEMENT_TEMPLATE;
        const result = await renderDocument(m, code, context);
        // The letter layout needs a value here (null reads as an unknown helper); 0 = no dossier.
        sections.push(letterSection({ templateCode: code, dossierNumber: 0, creditor: context.creditor, ...(result.ok ? { html: result.html } : { error: result.error }) }));
      }
      const title = input.kind === 'letters' ? `Relances du ${input.today}` : `Relevés de compte du ${input.today}`;
      const batch = await m.getRepository(ReminderBatch).save(
        m.getRepository(ReminderBatch).create({
          token: input.token, kind: input.kind, businessDate: input.today, customerCount: printable.length, letterCount: sections.length,
          html: printDocument(title, sections), createdAt: input.at, createdBy: input.actor.userId,
        }),
      );
      let reminders = 0;
      if (input.kind === 'letters') {
        const rows = printable.flatMap((c) =>
          c.items
            .filter((i) => i.overdueInvoice && !i.excluded)
            .map((i) => ({ batchId: batch.id, ledgerEntryId: i.id, thirdPartyId: c.id, level: c.level, reminderNumber: i.count + 1, sentOn: input.today, createdAt: input.at })),
        );
        for (let i = 0; i < rows.length; i += 200) await m.getRepository(ReminderSent).insert(rows.slice(i, i + 200));
        reminders = rows.length;
      }
      return { batchId: batch.id, alreadyPrinted: false, letters: sections.length, reminders };
    });
  } catch (err) {
    // Two confirmations of the same preview at once: the unique token lets one through.
    if (isUniqueViolation(err)) {
      const again = await db.getRepository(ReminderBatch).findOne({ where: { token: input.token }, select: { id: true, letterCount: true } });
      if (again) return { batchId: again.id, alreadyPrinted: true, letters: again.letterCount, reminders: 0 };
    }
    throw err;
  }
}

export async function getBatch(db: Db, id: number): Promise<ReminderBatch> {
  const batch = await db.getRepository(ReminderBatch).findOneBy({ id });
  if (!batch) throw AppError.notFound();
  return batch;
}
