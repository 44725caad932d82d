/** What other components may use from the hand-off to a collection agency or a credit insurer. */
export { activeHandoff, entrustDossier, endHandoff, recordRecoveryCosts, entrustedDossierIds, entrustedAmong, configureHandoff } from './handoff.service';
export type { EntrustInput, HandoffSettings } from './handoff.service';
export { handoffPackage, writeHandoffZip } from './handoff-package';
export type { HandoffPackage } from './handoff-package';
export { informAgencyDueDate, withinAuthority, copyOf } from './handoff.rules';
export type { PackageElement } from './handoff.rules';
export { DossierHandoff } from './handoff.entity';
export { handoffRoutes } from './handoff.routes';
