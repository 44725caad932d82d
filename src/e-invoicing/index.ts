/** What other components may use from e-invoicing (lifecycle statuses reported by the platforms). */
export { recordLifecycleStatus, dossierInvoiceStatuses, PLATFORM_ACTOR } from './e-invoicing.service';
export type { LifecycleInput, LifecycleResult, EInvoicingSettings, InvoiceStatusView } from './e-invoicing.service';
export { LIFECYCLE_STATUSES, LIFECYCLE_CODES, lifecycleStatus } from './e-invoicing.rules';
export type { LifecycleStatus, LifecycleEffect } from './e-invoicing.rules';
export { EInvoiceStatus } from './e-invoice-status.entity';
export { eInvoicingRoutes } from './e-invoicing.routes';
