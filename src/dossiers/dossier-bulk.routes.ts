/**
 * Bulk work on the dossier list (the form around the list's table): reassign the credit
 * controller, change the scenario, change the status (a status that needs data — Terminé, a
 * collective procedure — first asks for it, common to all or per dossier), print or export.
 * Thin: read the selection, call the one-dossier use cases through dossier-bulk.service, show the
 * outcome. Who may use each route: src/access/route-policy.ts, as for the one-dossier forms; which of
 * the selected dossiers the user may change: the dossiers' own rule (dossiersNotWritableBy), per dossier.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, actorOf } from '../web/auth';
import { dossiersNotWritableBy } from '../auth';
import { submitStatusChange } from '../approvals';
import { assignScenario } from '../scenarios';
import { statusChangeSchema, toStatusChangeInput } from '../status-changes';
import type { ModuleContext } from '../web/context';
import { field, parseForm } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import { moduleRouter } from '../web/router';
import { dateInput } from './dossier.rules';
import { activeStatus, bulkStatusForm, checkActiveScenario, checkController } from './dossier-bulk.page';
import { BulkOutcome, BulkSelection, eachDossier, MAX_BULK, reassignController, selectionIds } from './dossier-bulk.service';
import { declarationDelays } from '../collective-procedures';

/** Fields of the status dialog that may differ from one dossier to the next (`<field>_<dossierId>`). */
const PER_DOSSIER: Record<string, string[]> = { closed: ['endDate', 'restOfBalance', 'comment'], legal: ['judgmentDate', 'bodaccDate', 'claimsDeclarationDeadline', 'comment'], open: [] };

/** Print links carry the ids in the URL: beyond this many, print from the criteria page instead. */
const MAX_PRINT_IDS = 500;

const selectionSchema = z.object({
  ids: field.idList(),
  allMatching: field.checkbox(),
  q: field.optionalText(200),
  filterStatus: field.optionalId(),
});

function selectionOf(body: unknown): { selection: BulkSelection; back: string } {
  const s = parseForm(selectionSchema, body);
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.filterStatus) p.set('status', String(s.filterStatus));
  const back = `/dossiers${p.size ? `?${p}` : ''}`;
  return { selection: s.allMatching ? { filter: { search: s.q ?? '', statusId: s.filterStatus } } : { ids: s.ids }, back };
}

function strings(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function dossierBulkRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  const ds = ctx.dataSource;

  /** The selected ids, or a redirect back to the list with a message when there is nothing (or too much) to do. */
  async function idsOr(req: Request, res: Response): Promise<{ ids: number[]; back: string } | null> {
    const { selection, back } = selectionOf(req.body);
    const ids = await selectionIds(ds, selection);
    if (ids.length === 0) {
      flash(req, 'warning', 'dossiers.bulk.noneSelected');
      redirectTo(res, back);
      return null;
    }
    if (ids.length > MAX_BULK) {
      flash(req, 'warning', 'dossiers.bulk.tooMany');
      redirectTo(res, back);
      return null;
    }
    return { ids, back };
  }

  function renderOutcome(res: Response, action: string, outcome: BulkOutcome, back: string) {
    res.render('dossiers/bulk-result', { title: res.locals.t('dossiers.bulk.resultTitle'), action, outcome, back });
  }

  router.post('/dossier-selection/controller', async (req, res) => {
    const target = await idsOr(req, res);
    if (!target) return;
    const { controllerId } = parseForm(z.object({ controllerId: field.optionalId() }), req.body);
    await checkController(ds, controllerId);
    const notWritable = await dossiersNotWritableBy(ctx, currentUser(res), target.ids);
    const at = ctx.now().toISOString();
    const outcome = await eachDossier(ds, target.ids, notWritable, (d) => reassignController(ds, d.id, controllerId, actorOf(res), at));
    renderOutcome(res, 'controller', outcome, target.back);
  });

  router.post('/dossier-selection/scenario', async (req, res) => {
    const target = await idsOr(req, res);
    if (!target) return;
    const { scenarioId } = parseForm(z.object({ scenarioId: field.optionalId() }), req.body);
    await checkActiveScenario(ds, scenarioId);
    const notWritable = await dossiersNotWritableBy(ctx, currentUser(res), target.ids);
    const at = ctx.now().toISOString();
    const outcome = await eachDossier(ds, target.ids, notWritable, async (d) => {
      await assignScenario(ds, d.id, scenarioId, actorOf(res), at, ctx.today());
    });
    renderOutcome(res, 'scenario', outcome, target.back);
  });

  router.post('/dossier-selection/status', async (req, res) => {
    const target = await idsOr(req, res);
    if (!target) return;
    const values = strings(req.body);
    const { statusId } = parseForm(z.object({ statusId: field.requiredId() }), req.body);
    const status = await activeStatus(ds, statusId);
    // A status with behaviour asks for its data first (as the dialog does), common to all or per dossier.
    if (status.kind !== 'open' && values.step !== 'apply') {
      const form = await bulkStatusForm(ds, target.ids);
      values.endDate ??= dateInput(ctx.today());
      res.render('dossiers/bulk-status', {
        title: res.locals.t('dossiers.bulk.statusTitle', { status: status.label }),
        status, values, back: target.back, perDossier: PER_DOSSIER[status.kind] ?? [], delays: declarationDelays(ctx.config), ...form,
      });
      return;
    }
    const notWritable = await dossiersNotWritableBy(ctx, currentUser(res), target.ids);
    const changeContext = { actor: actorOf(res), at: ctx.now().toISOString(), today: ctx.today(), reminderDays: ctx.config.claimsReminderDays, declarationDelays: declarationDelays(ctx.config), role: currentUser(res).role };
    const outcome = await eachDossier(ds, target.ids, notWritable, async (d) => {
      // The common data, overridden by what was entered for this dossier; validated as the dialog validates it.
      const own: Record<string, string> = { ...values, statusId: String(statusId) };
      for (const f of PER_DOSSIER[status.kind] ?? []) if ((values[`${f}_${d.id}`] ?? '').trim() !== '') own[f] = values[`${f}_${d.id}`];
      delete own.version;
      const form = parseForm(statusChangeSchema, own);
      return submitStatusChange(ds, d.id, null, toStatusChangeInput(form, own), changeContext);
    });
    renderOutcome(res, 'status', outcome, target.back);
  });

  // Print and export: the printing component's pages, for the selected dossiers.
  router.post('/dossier-selection/print', async (req, res) => {
    const target = await idsOr(req, res);
    if (!target) return;
    if (target.ids.length > MAX_PRINT_IDS) {
      flash(req, 'warning', 'dossiers.bulk.printTooMany');
      return redirectTo(res, target.back);
    }
    const { format, layout } = parseForm(z.object({ format: field.oneOf(['print', 'xlsx', 'csv'] as const), layout: field.oneOf(['list', 'detailed'] as const) }), { layout: 'list', ...req.body });
    const p = new URLSearchParams();
    for (const id of target.ids) p.append('dossier', String(id));
    p.set('layout', layout);
    const path = format === 'print' ? '/printing/print' : format === 'xlsx' ? '/printing/export.xlsx' : '/printing/export.csv';
    redirectTo(res, `${path}?${p}`);
  });

  return router;
}
