/**
 * An e-mail the SMTP server refused for good (issue 15): the dossier shows it as not delivered (its
 * Chrono, the account's warning) and one intervention asks to fix the address — exactly once, keyed
 * (dossier, 'mail:<message id>', 1). The step that produced it is not counted as sent: its
 * intervention is not completed by the sending.
 */
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../db/transactions';
import { Dossier } from '../dossiers';
import { recordDossierEvent, SYSTEM_ACTOR } from '../history';
import { addIntervention } from '../interventions';
import { translate, type Locale } from '../shared/i18n';
import type { OutboxMessage } from './outbox-message.entity';

/** `locale`: the language of generated intervention labels (DEFAULT_LOCALE), as the other generated to-dos. */
export async function recordUndelivered(ds: DataSource, message: OutboxMessage, error: string, at: string, locale: Locale): Promise<void> {
  if (message.dossierId === null) return;
  const dossier = await ds.getRepository(Dossier).findOneBy({ id: message.dossierId });
  if (!dossier) return;
  try {
    await ds.transaction(async (m) => {
      await addIntervention(m, {
        dossierId: dossier.id, type: 'task', label: translate(locale, 'mail.undelivered.label', { to: message.to }).slice(0, 200), dueDate: at.slice(0, 10),
        priority: dossier.priority + 20, assigneeId: dossier.controllerId, source: 'system', stepCode: `mail:${message.id}`, occurrence: 1, comment: error.slice(0, 1000),
      }, SYSTEM_ACTOR, at);
      await recordDossierEvent(m, SYSTEM_ACTOR, { dossierId: dossier.id, at, type: 'emailUndelivered', details: { to: message.to, subject: message.subject, error: error.slice(0, 300), messageId: message.id } });
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}
