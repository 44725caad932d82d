/** Web helpers shared by the dossier workspace's routers (dossier, interventions, contacts). */
import type { Response } from 'express';
import { currentUser } from '../auth/auth.middleware';
import type { Actor } from '../history';
import type { ModuleContext } from '../web/context';
import { DOSSIER_TABS, DossierTab, dossierPage } from './dossier.page';

export function actorOf(res: Response): Actor {
  const user = currentUser(res);
  return { userId: user.id, userName: user.displayName };
}

export { idParam } from '../web/form';

export function tabOf(value: unknown): DossierTab {
  return DOSSIER_TABS.includes(value as DossierTab) ? (value as DossierTab) : 'entries';
}

/** The dossier page with one tab; tab forms that fail validation re-render it with their errors and values. */
export async function renderDossierPage(
  ctx: ModuleContext,
  res: Response,
  id: number,
  tab: DossierTab,
  extra: { status?: number; errors?: Record<string, string>; values?: Record<string, unknown>; form?: string; query?: Record<string, unknown> } = {},
): Promise<void> {
  const page = await dossierPage(ctx.dataSource, id, tab, ctx.today(), extra.query);
  res.status(extra.status ?? 200).render('dossiers/show', {
    title: `${res.locals.t('dossiers.dossier')} ${page.dossier.number}`,
    ...page,
    errors: extra.errors ?? {},
    values: extra.values ?? {},
    openForm: extra.form ?? null,
  });
}

