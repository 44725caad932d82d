/**
 * /bodacc: the notices read (upload of an open-data export, or the watched folder's daily task) and
 * what they proposed; a dossier's open proposals are dismissed from here, and applied through the
 * status dialog the proposal links to (pre-filled with the judgment, publication and deadline).
 */
import type { Router } from 'express';
import multer from 'multer';
import { actorOf } from '../web/auth';
import { idParam } from '../web/form';
import type { ModuleContext } from '../web/context';
import { moduleRouter } from '../web/router';
import { flash, redirectTo } from '../web/middleware';
import { closeProposal, dossierProposal, importBodaccNotices, listNotices, openProposalsOfDossier } from './bodacc.service';
import { dateInput } from '../dossiers';
import { declarationDelays } from '../collective-procedures';

/** A BODACC export of a few thousand notices is well under this. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } });
export function bodaccRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  router.get('/bodacc', async (req, res) => {
    const page = Math.max(1, Math.min(10_000, Number(req.query.page) || 1));
    const { rows, total } = await listNotices(ds, { limit: 50, offset: (page - 1) * 50 });
    res.render('bodacc/index', { title: res.locals.t('bodacc.title'), rows, total, page, pages: Math.max(1, Math.ceil(total / 50)), summary: null, watchedFolder: ctx.config.bodaccDir ?? null });
  });

  router.post('/bodacc/import', async (req, res) => {
    await new Promise<void>((resolve, reject) => upload.single('file')(req, res, (err: unknown) => (err ? reject(err) : resolve())));
    const file = req.file;
    if (!file || file.size === 0) {
      flash(req, 'danger', 'bodacc.errors.noFile');
      return redirectTo(res, '/bodacc');
    }
    const text = file.buffer.toString('utf8');
    if (text.includes('\u0000')) {
      flash(req, 'danger', 'bodacc.errors.notText');
      return redirectTo(res, '/bodacc');
    }
    const summary = await importBodaccNotices(ds, { text, source: file.originalname.replace(/[^\w.\- ]+/g, '_'), today: ctx.today(), delays: declarationDelays(ctx.config) }, actorOf(res), ctx.now().toISOString());
    const { rows, total } = await listNotices(ds, { limit: 50 });
    res.render('bodacc/index', { title: res.locals.t('bodacc.title'), rows, total, page: 1, pages: Math.max(1, Math.ceil(total / 50)), summary, watchedFolder: ctx.config.bodaccDir ?? null });
  });

  // The dossier's panel (an htmx fragment the dossier page loads): its customer's open proposals.
  router.get('/dossiers/:id/bodacc', async (req, res) => {
    const dossierId = idParam(req.params.id);
    const proposals = (await openProposalsOfDossier(ds, dossierId)).map((p) => ({
      ...p,
      dialogQuery: new URLSearchParams({
        ...(p.statusId ? { statusId: String(p.statusId) } : {}),
        ...(p.judgmentDate ? { judgmentDate: dateInput(p.judgmentDate) } : {}),
        ...(p.publicationDate ? { bodaccDate: dateInput(p.publicationDate) } : {}),
        ...(p.deadline ? { claimsDeclarationDeadline: dateInput(p.deadline) } : {}),
      }).toString(),
    }));
    res.render('bodacc/panel', { layout: false, dossierId, proposals });
  });

  // Under the dossier's path, so that the route guard applies the dossier's rules (assignment, closed dossier). A proposal is the
  // customer's, shown on each of its dossiers: it must be that dossier's customer's, else 404.
  router.post('/dossiers/:id/bodacc/proposals/:pid/dismiss', async (req, res) => {
    const { dossier, proposal } = await dossierProposal(ds, idParam(req.params.id), idParam(req.params.pid));
    await closeProposal(ds, proposal.id, 'dismissed');
    flash(req, 'success', 'bodacc.flash.dismissed');
    redirectTo(res, `/dossiers/${dossier.id}`);
  });

  return router;
}
