/** What other components may use from the dossier history (Chrono). */
export { recordDossierEvent, listDossierEvents, lastDossierEvent, SYSTEM_ACTOR } from './history.service';
export type { Actor, EventInput, DossierEventView } from './history.service';
export { DossierEvent } from './dossier-event.entity';
