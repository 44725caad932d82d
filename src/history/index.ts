/** What other components may use from the dossier history (Chrono). */
export { recordDossierEvent, listDossierEvents, lastDossierEvent, dossierEventTypes, SYSTEM_ACTOR } from './history.service';
export { parseChronoFilter, NO_CHRONO_FILTER } from './history.rules';
export type { ChronoFilter } from './history.rules';
export type { Actor, EventInput, DossierEventView } from './history.service';
export { DossierEvent } from './dossier-event.entity';
export { describeEvent, eventTypeLabel, statusText } from './event-text.rules';
export type { EventLike } from './event-text.rules';
