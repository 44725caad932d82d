/** Litiges: the panel under the dossier's account, opening a dispute and resolving it. Thin. */
import { Request, Response, type Router } from 'express';
import { z } from 'zod';
import { ACCOUNT_PANELS, renderAccount } from '../dossier-account';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { field, parseForm } from '../web/form';
import { DISPUTE_RESOLUTIONS } from './dispute.entity';
import { disputesPanel } from './dispute.page';
import { getDossierDispute, openDispute, resolveDispute } from './dispute.service';
import { handleForm, renamed } from '../web/form-action';

const ownerField = z.string().regex(/^(user:\d{1,9}|team:[A-Za-z0-9_-]{1,40})$/, { error: 'disputes.errors.owner' });

const disputeSchema = z.object({
  disputeEntry: field.optionalId(),
  disputeReason: field.requiredId(),
  disputeOwner: z.preprocess((v) => (v === '' ? undefined : v), ownerField),
  disputeDueDate: field.requiredDate(),
  disputeMessage: field.optionalText(4000),
});

const resolveSchema = z.object({
  resolution: field.oneOf(DISPUTE_RESOLUTIONS),
  resolutionComment: field.optionalText(1000),
  creditNoteAmount: field.optionalAmount(),
});

/** The use case names its own fields; the form's carry a prefix (several forms on one page). */
const FORM_FIELDS: Record<string, string> = { ledgerEntryId: 'disputeEntry', reasonId: 'disputeReason', owner: 'disputeOwner', dueDate: 'disputeDueDate' };

function bodyValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

ACCOUNT_PANELS.push({
  view: '../disputes/panel',
  load: (ctx, dossierId) => disputesPanel(ctx.dataSource, dossierId, ctx.config.disputeTeams),
});

export function disputeRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();

  router.post('/dossiers/:id/disputes', async (req: Request, res: Response) => {
    const id = idParam(req.params.id);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(disputeSchema, req.body);
        const [kind, value] = f.disputeOwner.split(':');
        await openDispute(ctx.dataSource, id, {
          ledgerEntryId: f.disputeEntry, reasonId: f.disputeReason, ownerUserId: kind === 'user' ? Number(value) : null, ownerTeam: kind === 'team' ? value : null,
          dueDate: f.disputeDueDate, message: f.disputeMessage,
        }, actorOf(res), ctx.now().toISOString(), ctx.today(), { teams: ctx.config.disputeTeams, locale: ctx.config.defaultLocale });
        return 'disputes.flash.opened';
      },
      back: `/dossiers/${id}/account`,
      rerender: (_req, _res, errors) => renderAccount(ctx, res, id, { status: 422, errors: renamed(errors, FORM_FIELDS), values: bodyValues(req), form: 'dispute' }),
      refused: false,
    });
  });

  router.post('/dossiers/:id/disputes/:did/resolve', async (req: Request, res: Response) => {
    const id = idParam(req.params.id);
    const did = idParam(req.params.did);
    await getDossierDispute(ctx.dataSource, id, did);
    await handleForm(req, res, {
      run: async () => {
        const f = parseForm(resolveSchema, req.body);
        await resolveDispute(ctx.dataSource, did, { resolution: f.resolution, comment: f.resolutionComment, creditNoteAmount: f.resolution === 'creditNote' ? f.creditNoteAmount : null }, actorOf(res), ctx.now().toISOString(), ctx.today());
        return 'disputes.flash.resolved';
      },
      back: `/dossiers/${id}/account`,
      invalid: 'disputes.errors.resolution',
    });
  });

  return router;
}
