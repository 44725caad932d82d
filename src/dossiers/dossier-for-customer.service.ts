/**
 * A dossier for a customer, in one call (the third-party page and Rappel / relevé use it): sensible
 * defaults, its open (or overdue) entries linked, optionally put on a scenario in the same transaction.
 */
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../history';
import { DossierStatus } from '../settings';
import { AppError } from '../shared/errors';
import { ThirdParty } from '../third-parties';
import { Dossier } from './dossier.entity';
import { createDossier, nextDossierNumber } from './dossier.service';
import { linkEntries, linkableEntries } from './dossier-entries.service';

export interface CreateForCustomerOptions {
  statusId?: number;
  controllerId?: number | null;
  today: string;
  actor?: Actor;
  at?: string;
  /**
   * Which of the customer's free open entries to link: all of them (default), or only the overdue
   * ones — due date (else entry date) before `today` — as Rappel / relevé does.
   */
  entries?: 'open' | 'overdue';
  /** Refuse (invalid_state, nothing written) when no entry is left to link, rather than create an empty dossier. */
  requireEntries?: boolean;
  /** Runs in the same transaction once the dossier exists with its entries (e.g. to put it on a scenario). */
  afterCreate?: (m: EntityManager, dossier: Dossier) => Promise<void>;
}

/** Creates a dossier for the customer with sensible defaults and links its open entries (see `entries`). */
export async function createDossierForCustomer(
  ctx: { dataSource: DataSource; now?: () => Date },
  thirdPartyId: number,
  options: CreateForCustomerOptions,
): Promise<{ dossier: Dossier; linked: number }> {
  const actor = options.actor ?? { userId: null, userName: null };
  const at = options.at ?? (ctx.now ? ctx.now() : new Date()).toISOString();
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.dataSource.transaction(async (m) => {
        const customer = await m.getRepository(ThirdParty).findOneBy({ id: thirdPartyId });
        if (!customer) throw AppError.notFound();
        const statusId =
          options.statusId ?? (await m.getRepository(DossierStatus).findOne({ where: { kind: 'open', active: true }, order: { position: 'ASC', id: 'ASC' } }))?.id;
        if (!statusId) throw new AppError('invalid_state', 'dossiers.errors.noOpenStatus');
        const controllerId = options.controllerId !== undefined ? options.controllerId : customer.creditControllerId;
        const dossier = await createDossier(
          m,
          {
            companyId: customer.companyId, number: await nextDossierNumber(m, customer.companyId), statusId, thirdPartyId, riskCodeId: customer.riskCodeId,
            lossHundredths: 0, priority: 0, startDate: options.today, originControllerId: controllerId, disputeReasonId: null, originContactId: null,
            controllerId, contactId: null, comment: null, endDate: null, resolutionId: null, resultId: null, currency: 'EUR', creditorReference: null,
          },
          actor,
          at,
        );
        const free = await linkableEntries(m, dossier);
        const open = options.entries === 'overdue' ? free.filter((e) => (e.dueDate ?? e.entryDate) < options.today) : free;
        if (options.requireEntries && open.length === 0) throw new AppError('invalid_state', 'dossiers.errors.nothingToLink');
        const linked = await linkEntries(m, dossier.id, open.map((e) => e.id), actor, at);
        if (options.afterCreate) await options.afterCreate(m, dossier);
        return { dossier, linked };
      });
    } catch (err) {
      // Another creation took the proposed number meanwhile: propose the next one.
      const clash = err instanceof AppError && err.fieldErrors.some((f) => f.message === 'dossiers.errors.numberTaken');
      if (clash && attempt < 3) continue;
      throw err;
    }
  }
}
