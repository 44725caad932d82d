/**
 * /imports: past FEC imports and the upload form. The upload is saved to a temporary file under
 * UPLOAD_DIR (multer, size limited by FEC_IMPORT_MAX_MB), imported in the background, and its page
 * polls the progress every second (htmx) until the summary or the errors show.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Request, Response, type Router } from 'express';
import { moduleRouter } from '../web/router';
import multer from 'multer';
import { currentUser } from '../web/auth';
import { AppError } from '../shared/errors';
import type { ModuleContext } from '../web/context';
import { redirectTo } from '../web/middleware';
import { importProgress, startBackgroundImport } from './fec-import.runner';
import { getImport, listImports, resolveImportCompany, startImportRecord, summaryOf } from './fec-import.service';
import { parsePrefixes } from '../ledger';

function importId(req: Request): number {
  const id = String(req.params.id ?? '');
  if (!/^\d{1,9}$/.test(id)) throw AppError.notFound();
  return Number(id);
}

export function fecImportRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const tempDir = path.resolve(ctx.config.uploadDir, 'fec-imports');
  const maxBytes = ctx.config.fecImportMaxMb * 1024 * 1024;
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_req, _file, cb) => {
        fs.promises.mkdir(tempDir, { recursive: true }).then(() => cb(null, tempDir), (err: Error) => cb(err, tempDir));
      },
      filename: (_req, _file, cb) => cb(null, `${Date.now()}-${crypto.randomBytes(8).toString('hex')}.fec`),
    }),
    limits: { fileSize: maxBytes, files: 1, fields: 10 },
  }).single('file');

  const renderList = async (res: Response, status = 200, error: string | null = null) => {
    const imports = await listImports(ctx.dataSource, 50);
    // htmx swaps only 2xx answers: the form posted through htmx gets its error with a 200.
    res.status(res.req.get('HX-Request') ? 200 : status).render('imports/list', {
      title: res.locals.t('imports.title'),
      imports: imports.map((r) => ({ record: r, summary: summaryOf(r), progress: importProgress(r.id) })),
      maxMb: ctx.config.fecImportMaxMb,
      error,
    });
  };

  router.get('/imports', async (_req, res) => {
    await renderList(res);
  });

  router.post('/imports', async (req, res) => {
    const user = currentUser(res);
    try {
      await new Promise<void>((resolve, reject) => upload(req, res, (err: unknown) => (err ? reject(err) : resolve())));
    } catch (err) {
      if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE') {
        return renderList(res, 413, res.locals.t('imports.errors.tooLarge', { max: ctx.config.fecImportMaxMb }));
      }
      throw err;
    }
    const file = req.file;
    if (!file) return renderList(res, 422, res.locals.t('imports.errors.noFile'));
    const company = await resolveImportCompany(ctx.dataSource);
    if (!company) {
      await fs.promises.rm(file.path, { force: true });
      return renderList(res, 422, res.locals.t('imports.errors.noCompany'));
    }
    // Browsers send the name in latin1 per multer's default; keep only the base name.
    const fileName = path.basename(Buffer.from(file.originalname, 'latin1').toString('utf8')) || 'fec.txt';
    const record = await startImportRecord(ctx.dataSource, { companyId: company.id, fileName, fileSize: file.size, source: 'upload', userId: user.id });
    startBackgroundImport(ctx.dataSource, record, file.path, { customerPrefixes: parsePrefixes(ctx.config.customerAccountPrefixes), generalAccountCustomers: ctx.config.generalAccountCustomers, userId: user.id });
    if (req.get('HX-Request')) {
      res.set('HX-Redirect', `${ctx.basePath}/imports/${record.id}`).status(204).end();
      return;
    }
    redirectTo(res, `/imports/${record.id}`);
  });

  const load = async (req: Request) => {
    const record = await getImport(ctx.dataSource, importId(req));
    return { record, summary: summaryOf(record), progress: importProgress(record.id) };
  };

  router.get('/imports/:id', async (req, res) => {
    const view = await load(req);
    res.render('imports/show', { title: `${res.locals.t('imports.show.title')} ${view.record.fileName}`, ...view });
  });

  /** Polled every second by the import page while the import runs; the last answer stops the polling. */
  router.get('/imports/:id/progress', async (req, res) => {
    const view = await load(req);
    if ((req.get('accept') ?? '').includes('application/json')) {
      res.json({ id: view.record.id, status: view.record.status, progress: view.progress, summary: view.summary });
      return;
    }
    res.render('imports/_status', view);
  });

  return router;
}
