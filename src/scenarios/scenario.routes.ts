/**
 * Scénarios: everyone signed in reads them; administrators create, edit, reorder, import and export.
 * Every change is validated by the one pure schema; its messages name the step and the field.
 */
import { type Router, type Request, type Response } from 'express';
import { moduleRouter } from '../web/router';
import multer from 'multer';
import { z } from 'zod';
import { currentUser } from '../web/auth';
import { AppError } from '../shared/errors';
import { field, parseForm, idParam } from '../web/form';
import { flash, redirectTo } from '../web/middleware';
import type { ModuleContext } from '../web/context';
import { ACTION_TYPES, STEP_ANCHORS, validateScenario, describeIssue, loadScenarioFiles, type ScenarioDefinition } from './index';
import {
  SHIPPED_SCENARIOS_DIR, changeScenario, deleteScenario, exportScenarioJson, getScenario, importScenarioJson, listScenarios, moveStep, putStep, removeStep, saveScenario,
} from './scenario.service';
import { scenarioFormChoices } from './scenario-form.page';
import { dossierScenarioRoutes } from './dossier-scenario.routes';
import { ANSWERED, handleForm } from '../web/form-action';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 1024 * 1024, files: 1, fields: 10, parts: 20 } });
const idOf = (req: Request) => idParam(req.params.id);
const indexOf = (req: Request) => {
  const i = Number(req.params.index);
  if (!Number.isInteger(i) || i < 0) throw AppError.notFound();
  return i;
};

const headerSchema = z.object({
  code: field.requiredText(60),
  name: field.requiredText(100),
  description: field.optionalText(2000),
  active: field.checkbox(),
  version: field.optionalInteger(1, 1_000_000),
});

const stepSchema = z.object({
  code: field.requiredText(40),
  label: field.requiredText(120),
  actionType: field.oneOf(ACTION_TYPES),
  anchor: field.oneOf(STEP_ANCHORS),
  offsetDays: field.integer(0, 3650),
  businessDays: field.checkbox(),
  priority: field.integer(0, 999),
  lossPercentage: field.optionalText(10),
  setStatusCode: field.optionalText(40),
  templateCode: field.optionalText(60),
  minBalance: field.optionalAmount(),
  assignee: field.optionalText(40),
  amicable: field.checkbox(),
  version: field.optionalInteger(1, 1_000_000),
});

type StepForm = z.output<typeof stepSchema>;

/** The form's step as the schema reads it (percentages as numbers, empty fields left out). */
function rawStep(f: StepForm): Record<string, unknown> {
  const step: Record<string, unknown> = {
    code: f.code.toUpperCase(), label: f.label, actionType: f.actionType, anchor: f.anchor, offsetDays: f.offsetDays, businessDays: f.businessDays,
    priority: f.priority, amicable: f.actionType === 'legal' ? false : f.amicable,
  };
  if (f.lossPercentage) {
    const n = Number(f.lossPercentage.replace(',', '.').replace('%', '').trim());
    step.lossPercentage = Number.isFinite(n) ? n : f.lossPercentage;
  }
  if (f.setStatusCode) step.setStatusCode = f.setStatusCode;
  if (f.templateCode) step.templateCode = f.templateCode;
  if (f.minBalance !== null) step.minBalance = f.minBalance;
  if (f.assignee) step.assignee = f.assignee;
  return step;
}

/** Schema issues of one step as a field → message map for the form. */
function stepErrors(def: unknown, index: number): Record<string, string> | null {
  const result = validateScenario(def);
  if (result.ok) return null;
  const errors: Record<string, string> = {};
  for (const issue of result.issues) {
    const key = issue.stepIndex === index ? (issue.field ?? '_form') : '_form';
    errors[key] ??= describeIssue(issue);
  }
  return errors;
}

const choices = (ctx: ModuleContext) => scenarioFormChoices(ctx.dataSource);

export function scenarioRoutes(ctx: ModuleContext): Router {
  const router = moduleRouter();
  // The dossier page's scenario panel (assign, suspend, resume, restart).
  router.use(dossierScenarioRoutes(ctx));
  const actor = (res: Response) => ({ userId: currentUser(res).id });
  const at = () => ctx.now().toISOString();

  router.get('/scenarios', async (_req, res) => {
    const problems = loadScenarioFiles(SHIPPED_SCENARIOS_DIR()).problems;
    res.render('scenarios/list', { title: res.locals.t('scenarios.title'), scenarios: await listScenarios(ctx.dataSource), problems, importErrors: [] });
  });

  router.get('/scenarios/new', async (_req, res) => {
    res.render('scenarios/form', { title: res.locals.t('scenarios.new'), scenario: null, values: { active: true }, stepValues: { anchor: 'oldest_due', priority: 100, offsetDays: 5, amicable: true }, errors: {}, stepErrors: {}, ...(await choices(ctx)) });
  });

  router.post('/scenarios', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    // The first step's fields are prefixed (its code would clash with the scenario's).
    const stepBody = Object.fromEntries(Object.entries(body).filter(([k]) => k.startsWith('step_')).map(([k, v]) => [k.slice(5), v]));
    await handleForm(req, res, {
      run: async () => {
        const header = parseForm(headerSchema, body);
        const step = parseForm(stepSchema, stepBody);
        const def = { code: header.code, name: header.name, description: header.description ?? '', active: header.active, steps: [rawStep(step)] };
        const errors = stepErrors(def, 0);
        if (errors) throw AppError.validation(Object.entries(errors).map(([f, m]) => ({ field: f, message: m })));
        const saved = await saveScenario(ctx.dataSource, null, def, actor(res), at());
        flash(req, 'success', 'common.created');
        redirectTo(res, `/scenarios/${saved.id}`);
        return ANSWERED;
      },
      back: '/scenarios',
      rerender: async (_req, _res, _errors, err) => res.status(422).render('scenarios/form', { title: res.locals.t('scenarios.new'), scenario: null, values: body, stepValues: stepBody, errors: errorsOf(err), stepErrors: errorsOf(err), ...(await choices(ctx)) }),
      refused: false,
    });
  });

  router.post('/scenarios/import', upload.single('file'), async (req, res) => {
    const file = req.file;
    const text = file ? file.buffer.toString('utf8') : typeof (req.body as Record<string, unknown>)?.json === 'string' ? String((req.body as Record<string, unknown>).json) : '';
    const name = file?.originalname ?? 'import.json';
    await handleForm(req, res, {
      run: async () => {
        if (!text.trim()) throw AppError.field('file', 'scenarios.errors.noFile');
        const { scenario, created } = await importScenarioJson(ctx.dataSource, text, name, actor(res), at());
        flash(req, 'success', created ? 'scenarios.flash.imported' : 'scenarios.flash.importReplaced');
        redirectTo(res, `/scenarios/${scenario.id}`);
        return ANSWERED;
      },
      back: '/scenarios',
      rerender: async (_req, _res, _errors, err) => res.status(422).render('scenarios/list', {
        title: res.locals.t('scenarios.title'), scenarios: await listScenarios(ctx.dataSource), problems: loadScenarioFiles(SHIPPED_SCENARIOS_DIR()).problems,
        importErrors: err.fieldErrors.map((e) => res.locals.t(e.message)),
      }),
      refused: false,
    });
  });

  router.get('/scenarios/:id', async (req, res) => {
    const { scenario, definition } = await getScenario(ctx.dataSource, idOf(req));
    res.render('scenarios/show', { title: scenario.name, scenario, definition, ...(await choices(ctx)) });
  });

  router.get('/scenarios/:id/export', async (req, res) => {
    const { fileName, json } = await exportScenarioJson(ctx.dataSource, idOf(req));
    res.set('Content-Disposition', `attachment; filename="${fileName}"`).type('application/json').send(json);
  });

  router.get('/scenarios/:id/edit', async (req, res) => {
    const { scenario, definition } = await getScenario(ctx.dataSource, idOf(req));
    res.render('scenarios/header-form', { title: scenario.name, scenario, values: { ...definition, version: scenario.version }, errors: {} });
  });

  router.post('/scenarios/:id', async (req, res) => {
    const id = idOf(req);
    const body = req.body as Record<string, unknown>;
    await handleForm(req, res, {
      run: async () => {
        const header = parseForm(headerSchema, body);
        await changeScenario(
          ctx.dataSource, id,
          (def: ScenarioDefinition) => ({ ...def, code: header.code, name: header.name, description: header.description ?? '', active: header.active }),
          actor(res), at(), header.version ?? undefined,
        );
        return 'common.saved';
      },
      back: `/scenarios/${id}`,
      rerender: async (_req, _res, _errors, err) => {
        const { scenario } = await getScenario(ctx.dataSource, id);
        res.status(err.httpStatus).render('scenarios/header-form', { title: scenario.name, scenario, values: body, errors: formErrors(err) });
      },
      rerenderConflict: true,
      refused: false,
    });
  });

  router.post('/scenarios/:id/delete', async (req, res) => {
    await deleteScenario(ctx.dataSource, idOf(req));
    flash(req, 'success', 'common.deleted');
    redirectTo(res, '/scenarios');
  });

  const stepForm = async (res: Response, scenarioId: number, index: number | null, values: Record<string, unknown>, errors: Record<string, string>, status = 200) => {
    const { scenario } = await getScenario(ctx.dataSource, scenarioId);
    res.status(status).render('scenarios/step-form', { title: scenario.name, scenario, index, values, errors, ...(await choices(ctx)) });
  };

  router.get('/scenarios/:id/steps/new', async (req, res) => {
    const { scenario } = await getScenario(ctx.dataSource, idOf(req));
    await stepForm(res, scenario.id, null, { anchor: 'previous_done', priority: 100, offsetDays: 5, amicable: true, version: scenario.version }, {});
  });

  router.get('/scenarios/:id/steps/:index/edit', async (req, res) => {
    const { scenario, definition } = await getScenario(ctx.dataSource, idOf(req));
    const step = definition.steps[indexOf(req)];
    if (!step) throw AppError.notFound();
    await stepForm(res, scenario.id, indexOf(req), {
      ...step, lossPercentage: step.lossPercentage === undefined ? '' : String(step.lossPercentage).replace('.', ','),
      minBalance: step.minBalance === undefined ? '' : res.locals.fmt.amountInput(step.minBalance), version: scenario.version,
    }, {});
  });

  const saveStep = (index: (req: Request) => number | null) => async (req: Request, res: Response) => {
    const id = idOf(req);
    const body = req.body as Record<string, unknown>;
    const at_ = index(req);
    await handleForm(req, res, {
      run: async () => {
        const step = parseForm(stepSchema, body);
        const { definition } = await getScenario(ctx.dataSource, id);
        const next = putStep(definition, at_, rawStep(step));
        const errors = stepErrors(next, at_ ?? next.steps.length - 1);
        if (errors) throw AppError.validation(Object.entries(errors).map(([f, m]) => ({ field: f, message: m })));
        await changeScenario(ctx.dataSource, id, (def) => putStep(def, at_, rawStep(step)), actor(res), at(), step.version ?? undefined);
        return 'common.saved';
      },
      back: `/scenarios/${id}`,
      rerender: (_req, _res, _errors, err) => stepForm(res, id, at_, body, formErrors(err), err.httpStatus),
      rerenderConflict: true,
      refused: false,
    });
  };
  router.post('/scenarios/:id/steps', saveStep(() => null));
  router.post('/scenarios/:id/steps/:index', saveStep(indexOf));

  router.post('/scenarios/:id/steps/:index/move', async (req, res) => {
    const id = idOf(req);
    const direction = (req.body as Record<string, unknown>).direction === 'up' ? 'up' : 'down';
    await changeScenario(ctx.dataSource, id, (def) => moveStep(def, indexOf(req), direction), actor(res), at());
    redirectTo(res, `/scenarios/${id}`);
  });

  router.post('/scenarios/:id/steps/:index/delete', async (req, res) => {
    const id = idOf(req);
    await handleForm(req, res, {
      run: async () => { await changeScenario(ctx.dataSource, id, (def) => removeStep(def, indexOf(req)), actor(res), at()); return 'common.deleted'; },
      back: `/scenarios/${id}`,
      invalid: 'scenarios.errors.lastStep',
      refused: false,
    });
  });

  return router;
}

/** A conflict (someone saved the scenario meanwhile) is said at the top of the form. */
const formErrors = (err: AppError): Record<string, string> => (err.code === 'conflict' ? { _form: err.message } : errorsOf(err));

function errorsOf(err: AppError): Record<string, string> {
  const map: Record<string, string> = {};
  for (const e of err.fieldErrors) {
    // Schema issues come as "steps.0.offsetDays"; the step form's fields are plain names.
    const key = e.field.replace(/^steps\.\d+\./, '') || '_form';
    map[key] ??= e.message;
  }
  if (Object.keys(map).length === 0) map._form = err.message;
  return map;
}

