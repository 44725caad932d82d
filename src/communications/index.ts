/** What other components may call: the daily job's grouped communications, and Gestion des actions' view of them. */
export { buildCustomerCommunications } from './communication.service';
export type { GroupingCounts } from './communication.service';
export { communicationsOf, withCommunicationParts, SHOWN_ONCE_SQL, HIDDEN_PART_IDS_SQL } from './communication-view.service';
export type { CommunicationView, CommunicationPartView } from './communication-view.service';
export { planCommunications, levelOfTemplate, compareAdvance } from './grouping.rules';
export type { Grouping, Channel, PendingStep, PlannedCommunication, PlannedPart } from './grouping.rules';
export { CustomerCommunication, CustomerCommunicationPart } from './customer-communication.entity';
export type { CommunicationChannel } from './customer-communication.entity';
