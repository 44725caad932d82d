/**
 * Pièces jointes and Télécharger: upload to a dossier (multipart, several files), download one file,
 * and the dossier's zip. Every route sits behind the module's login; uploads need a working role.
 */
import fs from 'node:fs';
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import multer from 'multer';
import { ACCOUNT_PANELS, renderAccount } from '../dossier-account';
import { getDossier } from '../dossiers';
import { actorOf } from '../web/auth';
import { AppError, isAppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { errorMap, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { uploadStorage } from './upload-storage';
import { contentDisposition, parseAllowedTypes } from './attachment.rules';
import { addAttachments, dossierElements, getAttachment, isDossierElement, attachmentPath, listAttachments, maxBytesPerDossier, storedBytes, writeDossierZip, type UploadedFile, type ZipContent } from './attachment.service';

const MAX_FILES_PER_UPLOAD = 20;

ACCOUNT_PANELS.push({
  view: '../attachments/panel',
  load: async (ctx, dossierId) => ({
    attachments: await listAttachments(ctx.dataSource, dossierId),
    attachmentsUsed: await storedBytes(ctx.dataSource, dossierId),
    attachmentsMax: maxBytesPerDossier(ctx.config),
    attachmentTypes: parseAllowedTypes(ctx.config.attachmentTypes),
    elements: await dossierElements(ctx.dataSource, dossierId),
  }),
});

export function attachmentRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;
  const upload = multer({
    storage: uploadStorage(ctx.config.uploadDir),
    // Browsers send file names in UTF-8 without saying so.
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytesPerDossier(ctx.config), files: MAX_FILES_PER_UPLOAD, fields: 10 },
  }).array('files', MAX_FILES_PER_UPLOAD);

  router.post('/dossiers/:id/attachments', async (req: Request, res: Response) => {
    const id = idParam(req.params.id);
    let files: UploadedFile[] = [];
    try {
      await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(err) : resolve())));
      files = (req.files as Express.Multer.File[] | undefined) ?? [];
      const raw = (req.body as Record<string, unknown>).elementId;
      const elementId = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
      if (elementId !== null && !(await isDossierElement(ds, id, elementId))) throw AppError.field('elementId', 'validation.choice');
      await addAttachments(ds, ctx.config, id, files, elementId, actorOf(res), ctx.now().toISOString());
      flash(req, 'success', 'attachments.flash.added');
      redirectTo(res, `/dossiers/${id}/account#attachments`);
    } catch (err) {
      await Promise.all(files.map((f) => fs.promises.rm(f.path, { force: true })));
      // multer cuts a file over the limit short; its partial file is already removed.
      const tooBig = err instanceof multer.MulterError && (err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FILE_COUNT');
      if (!tooBig && (!isAppError(err) || err.code !== 'validation')) throw err;
      await renderAccount(ctx, res, id, { status: tooBig ? 413 : 422, errors: tooBig ? { files: 'attachments.errors.tooBig' } : errorMap(err as AppError), form: 'attachments' });
    }
  });

  router.get('/attachments/:aid/download', async (req, res) => {
    const a = await getAttachment(ds, idParam(req.params.aid));
    const file = attachmentPath(ctx.config, a);
    if (!fs.existsSync(file)) throw AppError.notFound();
    res.setHeader('Content-Disposition', contentDisposition(a.originalName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Served as a download, never rendered in the app's origin (an uploaded HTML or SVG cannot run script).
    res.type('application/octet-stream');
    fs.createReadStream(file).pipe(res);
  });

  router.get('/dossiers/:id/download', async (req, res) => {
    const id = idParam(req.params.id);
    const what: ZipContent = req.query.what === 'attachments' || req.query.what === 'details' ? req.query.what : 'both';
    const dossier = await getDossier(ds, id);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', contentDisposition(`dossier-${dossier.number}-${what}.zip`));
    await writeDossierZip(ds, ctx.config, id, what, res, res.locals.lang, ctx.today());
  });

  return router;
}
