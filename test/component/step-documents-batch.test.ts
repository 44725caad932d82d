/**
 * The daily job's step documents, produced by chunks (contexts read together, one transaction per
 * chunk), come out byte for byte as the one-by-one path makes them (renderStepDocument for a step's
 * own letter or e-mail, prepareGroupedDocument for a customer's grouped one), on a test kit
 * portfolio with letters, e-mails, grouped communications and transfer QR codes. And a second run
 * produces nothing.
 */
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { buildPortfolio } from '../../bench/portfolio';
import { runDaily } from '../../src/jobs/run-daily';
import { generateStepDocuments } from '../../src/jobs/step-documents.task';
import { rows } from '../../src/db/sql';
import { ensureShippedTemplates, prepareGroupedDocument, renderStepDocument, type GroupedDocumentInput } from '../../src/documents';

const DATE = '2026-11-22';
const NOW = new Date('2026-11-22T06:00:00.000Z');

type Row = Record<string, unknown>;
const q = (ds: DataSource, sql: string, params: unknown[] = []) => rows<Row>(ds, sql, params);

describe('step documents by chunks, against one by one', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await buildPortfolio(db.dataSource, { dossiers: 600, customers: 450, lines: 3000, seed: 7, today: DATE });
    await ensureShippedTemplates(db.dataSource);
    // A creditor with an IBAN: every letter then carries the transfer's QR code.
    await db.dataSource.query("UPDATE company SET iban = 'FR1420041010050500013M02606', bic = 'PSSTFRPPXXX'");
    await runDaily({ dataSource: db.dataSource }, DATE, { documents: false });
  });
  after(() => db.drop());

  it('stores the same letters and e-mails, and a second run stores nothing', async () => {
    const ds = db.dataSource;
    const counts = await generateStepDocuments(ds, DATE, { now: NOW });
    expect(counts.documentErrors, counts.errorMessages.join('\n')).to.equal(0);
    const grouped = await q(ds, 'SELECT id, channel, document_id, outbox_message_id FROM customer_communication ORDER BY id');
    const ownLetters = await q(ds, 'SELECT intervention_id, dossier_id, template_code, html, status, as_of FROM generated_document WHERE intervention_id IS NOT NULL ORDER BY intervention_id');
    const groupedEmailIds = grouped.map((c) => c.outbox_message_id).filter((id) => id !== null);
    const ownEmails = await q(ds, `SELECT intervention_id, dossier_id, to_address, subject, text, html FROM outbox_message WHERE id NOT IN (${groupedEmailIds.map(() => '?').join(', ') || 'NULL'}) ORDER BY intervention_id`, groupedEmailIds);
    expect(grouped.some((c) => c.channel === 'letter') && grouped.some((c) => c.channel === 'email'), 'grouped letters and e-mails').to.equal(true);
    expect(ownLetters.length, 'letters of their own').to.be.greaterThan(20);
    expect(ownEmails.length, 'e-mails of their own').to.be.greaterThan(5);
    expect(String(ownLetters[0].html)).to.include('data:image/png;base64');
    expect(counts.documents).to.equal(grouped.length + ownLetters.length + ownEmails.length);

    // A second run: nothing more.
    const again = await generateStepDocuments(ds, DATE, { now: NOW });
    expect([again.documents, again.documentErrors]).to.deep.equal([0, 0]);

    // Grouped: each communication's document as prepareGroupedDocument renders it from its parts.
    for (const c of grouped) {
      const parts = await q(ds,
        `SELECT p.dossier_id, p.intervention_id, p.level, i.label, i.template_code FROM customer_communication_part p JOIN intervention i ON i.id = p.intervention_id
          WHERE p.communication_id = ? ORDER BY p.position`, [c.id]);
      const listed = parts.filter((p, k) => parts.findIndex((x) => x.dossier_id === p.dossier_id) === k);
      const input: GroupedDocumentInput = {
        channel: c.channel as 'letter' | 'email', asOf: DATE,
        parts: listed.map((p) => ({ dossierId: Number(p.dossier_id), interventionId: Number(p.intervention_id), level: Number(p.level) as 1 | 2 | 3, stepLabel: String(p.label), templateCode: String(p.template_code) })),
      };
      const one = await prepareGroupedDocument(ds, input);
      if (!one.ok) throw new Error(one.error.message);
      if (one.kind === 'letter') {
        const [stored] = await q(ds, 'SELECT html FROM generated_document WHERE id = ?', [c.document_id]);
        expect(stored.html, `grouped letter ${String(c.id)}`).to.equal(one.section);
      } else {
        const [stored] = await q(ds, 'SELECT to_address, subject, text, html FROM outbox_message WHERE id = ?', [c.outbox_message_id]);
        expect(stored, `grouped e-mail ${String(c.id)}`).to.deep.equal({ to_address: one.to, subject: one.email.subject, text: one.email.text, html: one.email.html });
      }
    }

    // A step's own document: removed, then made again by renderStepDocument, one by one (the debtor links are reused).
    await q(ds, 'DELETE FROM generated_document WHERE intervention_id IS NOT NULL');
    if (groupedEmailIds.length) await q(ds, `DELETE FROM outbox_message WHERE id NOT IN (${groupedEmailIds.map(() => '?').join(', ')})`, groupedEmailIds);
    else await q(ds, 'DELETE FROM outbox_message');
    for (const d of [...ownLetters, ...ownEmails]) {
      const r = await renderStepDocument(ds, { dossierId: Number(d.dossier_id), interventionId: Number(d.intervention_id), templateCode: String(d.template_code ?? (await templateOf(ds, Number(d.intervention_id)))), asOf: DATE }, NOW);
      expect(r.ok, JSON.stringify(r)).to.equal(true);
    }
    expect(await q(ds, 'SELECT intervention_id, dossier_id, template_code, html, status, as_of FROM generated_document WHERE intervention_id IS NOT NULL ORDER BY intervention_id')).to.deep.equal(ownLetters);
    const remade = await q(ds, `SELECT intervention_id, dossier_id, to_address, subject, text, html FROM outbox_message WHERE id NOT IN (${groupedEmailIds.map(() => '?').join(', ') || 'NULL'}) ORDER BY intervention_id`, groupedEmailIds);
    expect(remade).to.deep.equal(ownEmails);
  });
});

async function templateOf(ds: DataSource, interventionId: number): Promise<string> {
  const [r] = await q(ds, 'SELECT template_code FROM intervention WHERE id = ?', [interventionId]);
  return String(r.template_code);
}
