/** What other components may call: the scenario engine and status changes raise interventions through these. */
export { addIntervention, completeIntervention, skipIntervention, listInterventions } from './intervention.service';
export type { NewIntervention, InterventionView } from './intervention.service';
export { Intervention, INTERVENTION_TYPES, INTERVENTION_STATES } from './intervention.entity';
export type { InterventionType, InterventionState, InterventionSource } from './intervention.entity';
