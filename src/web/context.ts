import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { todayIn } from '../shared/business-date';
import type { DossierPageModel } from './dossier-page';

/** What every component's routes and use cases receive: the database, the settings and the clock. */
export interface ModuleContext {
  dataSource: DataSource;
  config: Config;
  basePath: string;
  /** Today's business date; tests pass a fixed one. */
  today: () => string;
  now: () => Date;
  /** The dossier page's model, for web/dossier-page.ts (wired by app.ts: dossiers/dossier.page.ts). */
  dossierPage?: DossierPageModel;
}

export function systemClock(timeZone: string): Pick<ModuleContext, 'today' | 'now'> {
  return { today: () => todayIn(timeZone), now: () => new Date() };
}
