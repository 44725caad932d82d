/** The API's side of the e-invoicing statuses: the settings from the configuration, the answer's shape. */
import type { EntityManager } from 'typeorm';
import { Dossier } from '../dossiers';
import { lifecycleStatus, recordLifecycleStatus, type LifecycleInput } from '../e-invoicing';
import type { ModuleContext } from '../web/context';

export async function recordInvoiceStatus(m: EntityManager, companyId: number, input: LifecycleInput, ctx: ModuleContext): Promise<{ created: boolean; body: unknown }> {
  const { created, effect, status } = await recordLifecycleStatus(m, companyId, input, ctx.now().toISOString(), ctx.today(), {
    disputeReason: ctx.config.eInvoicingDisputeReason, disputeDays: ctx.config.eInvoicingDisputeDays, disputeTeams: ctx.config.disputeTeams, locale: ctx.config.defaultLocale,
  });
  const dossier = status.dossierId ? await m.getRepository(Dossier).findOneBy({ id: status.dossierId }) : null;
  return {
    created,
    body: {
      id: status.id, ledgerEntryId: status.ledgerEntryId, dossierNumber: dossier?.number ?? null, code: status.code, label: lifecycleStatus(status.code)?.label ?? status.code,
      statusDate: status.statusDate, amount: status.amount, effect, disputeId: status.disputeId, directPaymentId: status.directPaymentId,
    },
  };
}
