/** The dossier's side of the debtor page: its current personal link and the revocation (under the account). Thin. */
import { type Router } from 'express';
import { ACCOUNT_PANELS } from '../dossier-account';
import { undeliveredEmails } from '../mail';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { flash, redirectTo } from '../web/middleware';
import { dossierLinks, revokeDebtorLinks, signLinkUrl } from './debtor-link.service';

ACCOUNT_PANELS.push({
  view: '../debtor-portal/panel',
  load: async (ctx, dossierId) => {
    const links = await dossierLinks(ctx.dataSource, dossierId);
    const current = links.find((l) => !l.revokedAt && l.expiresOn >= ctx.today()) ?? null;
    // Issue 15: e-mails the server refused for good show here as not delivered.
    const undelivered = await undeliveredEmails(ctx.dataSource, dossierId);
    return { debtorLinks: links, currentLink: current ? { ...current, url: await signLinkUrl(ctx.dataSource, current) } : null, undelivered };
  },
});

export function debtorLinkRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  router.post('/dossiers/:id/debtor-links/revoke', async (req, res) => {
    const id = idParam(req.params.id);
    await revokeDebtorLinks(ctx.dataSource, id, actorOf(res), ctx.now().toISOString());
    flash(req, 'success', 'portal.link.flashRevoked');
    redirectTo(res, `/dossiers/${id}/account#debtor-page`);
  });
  return router;
}
