/**
 * What the status-change dialog and the reopen form read (a page model): the statuses to offer, the
 * dossier's current one, the resolutions and results, the balance Terminé is checked against.
 */
import { dossierBalances, Dossier, dateInput, percentInput } from '../dossiers';
import { DossierResult, DossierStatus, Resolution } from '../settings';
import { parseBusinessDate } from '../shared/business-date';
import type { Db } from '../db/sql';
import { procedureOf, proposedDeadline } from './status-change.rules';

type Values = Record<string, string>;

export interface DialogSettings { today: string; reminderDays: number; delays: Parameters<typeof proposedDeadline>[2] }

/** The open statuses a closed dossier may be reopened into, in their order. */
export const openStatuses = (ds: Db): Promise<DossierStatus[]> =>
  ds.getRepository(DossierStatus).find({ where: { active: true, kind: 'open' }, order: { position: 'ASC', id: 'ASC' } });

export const statusOf = (ds: Db, id: number): Promise<DossierStatus | null> => ds.getRepository(DossierStatus).findOneBy({ id });

/** Everything the dialog shows for the status picked in `values` (completed here: version, loss, end date, proposed deadline). */
export async function statusDialogModel(ds: Db, dossier: Dossier, values: Values, refresh: string | null, lang: 'fr' | 'en', settings: DialogSettings) {
  const statuses = (await ds.getRepository(DossierStatus).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } })).filter((s) => s.id !== dossier.statusId);
  const current = await ds.getRepository(DossierStatus).findOneByOrFail({ id: dossier.statusId });
  const target = statuses.find((s) => String(s.id) === values.statusId) ?? null;
  values.version ||= String(dossier.version);
  if (target && (refresh === 'status' || values.lossPercentage === undefined)) {
    values.lossPercentage = percentInput(target.proposedLossHundredths ?? dossier.lossHundredths, lang);
  }
  values.endDate ??= dateInput(settings.today);
  const bodacc = parseBusinessDate(values.bodaccDate ?? '');
  const outside = values.outsideMetropolitanFrance === 'on';
  const proposal = bodacc ? proposedDeadline(bodacc, outside, settings.delays) : null;
  if (proposal && (refresh === 'deadline' || !values.claimsDeclarationDeadline)) values.claimsDeclarationDeadline = dateInput(proposal);
  return {
    dossier, current, statuses, target, procedure: target ? procedureOf(target) : null, proposal, values,
    resolutions: await ds.getRepository(Resolution).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
    results: await ds.getRepository(DossierResult).find({ where: { active: true }, order: { position: 'ASC', id: 'ASC' } }),
    reminderDays: settings.reminderDays,
    // The claims-declaration delays the help texts state (settings CLAIMS_DECLARATION_MONTHS and _ABROAD).
    delays: settings.delays,
    // Terminé shows the balance it is checked against (src/dossiers/closure-balance.rules.ts).
    closureBalance: target?.kind === 'closed' ? ((await dossierBalances(ds, [dossier.id])).get(dossier.id)?.balance ?? 0) : null,
  };
}
