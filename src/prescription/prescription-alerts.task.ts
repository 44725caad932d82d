/**
 * Daily task: an alert intervention for each open invoice whose prescription date comes within
 * PRESCRIPTION_ALERT_DAYS. Once per invoice and prescription date (step code PRESCRIPTION:<entry>,
 * occurrence = the date as yyyymmdd, under the interventions' unique key): a second run raises
 * nothing, and an interruption that moves the date raises a new alert when the new date comes near.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { inTransaction, rawQuery } from '../db/transactions';
import { recordDossierEvent, SYSTEM_ACTOR } from '../history';
import { Dossier } from '../dossiers';
import { formatMoney } from '../shared/money';
import { claimsAtRisk, prescriptionSettings } from './prescription.service';
import { In } from 'typeorm';

const frDate = (iso: string) => iso.split('-').reverse().join('/');
/** The intervention's words are stored, as a scenario step's label is: in the company's language. */
const SOURCE_WORDS: Record<string, string> = { payment: 'paiement', direct_payment: 'encaissement direct', promise: 'promesse de règlement', plan: 'accord de paiement', recorded: 'acte enregistré' };

export async function prescriptionAlertsTask(deps: { dataSource: DataSource; config: Config }, businessDate: string): Promise<Record<string, number>> {
  const settings = prescriptionSettings(deps.config);
  const atRisk = await claimsAtRisk(deps.dataSource, businessDate, businessDate, settings);
  const counts = { claimsAtRisk: atRisk.length, alertsRaised: 0 };
  const at = new Date().toISOString();
  for (let k = 0; k < atRisk.length; k += 200) {
    const chunk = atRisk.slice(k, k + 200);
    await inTransaction(deps.dataSource, async (m) => {
      const controllers = new Map((await m.getRepository(Dossier).findBy({ id: In(chunk.map((c) => c.dossierId)) })).map((d) => [d.id, d.controllerId]));
      for (const c of chunk) {
        const label = `Prescription le ${frDate(c.date)} : facture ${c.pieceRef ?? c.entryId} (${formatMoney(c.open, 'fr')})`.slice(0, 200);
        const inserted = await rawQuery<{ id: number }>(
          m,
          `INSERT INTO intervention (dossier_id, type, label, due_date, priority, assignee_id, state, source, step_code, occurrence, comment, version, created_at)
           VALUES (:dossierId, 'task', :label, :dueDate, 950, :assigneeId, 'todo', 'system', :stepCode, :occurrence, :comment, 1, :at)
           ON CONFLICT DO NOTHING RETURNING id`,
          {
            dossierId: c.dossierId, label, dueDate: businessDate, assigneeId: controllers.get(c.dossierId) ?? null, stepCode: `PRESCRIPTION:${c.entryId}`,
            occurrence: Number(c.date.replace(/-/g, '')), at,
            comment: c.lastInterruption ? `Délai couru depuis le ${frDate(c.runsFrom)} (acte interruptif : ${SOURCE_WORDS[c.lastInterruption.source] ?? c.lastInterruption.source}).` : `Délai couru depuis l'échéance du ${frDate(c.runsFrom)}.`,
          },
        );
        if (!inserted.length) continue;
        counts.alertsRaised++;
        await recordDossierEvent(m, SYSTEM_ACTOR, { dossierId: c.dossierId, at, type: 'prescriptionAlert', details: { ref: c.pieceRef ?? String(c.entryId), date: c.date, interventionId: Number(inserted[0].id) } });
      }
    });
  }
  return counts;
}
