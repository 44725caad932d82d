/** What other components may call in Rappel / relevé. */
export { listOverdueCustomers, matchingCustomerIds, reminderStates, REMINDER_SORTS } from './reminder-list.service';
export type { ReminderFilters, ReminderListQuery, ReminderListRow, ReminderSort, InvoiceReminderState } from './reminder-list.service';
export { buildPreview, printBatch, getBatch, noChoices, MAX_BATCH_CUSTOMERS } from './reminder-print.service';
export type { Preview, PreviewChoices, PreviewCustomer, PreviewItem, PrintInput, PrintResult } from './reminder-print.service';
export { createDossiersForCustomers, autoDossierRule, saveAutoDossierRule, applyAutoDossierRule, AUTO_DOSSIER_SETTING } from './reminder-dossiers.service';
export type { BulkDossierResult, AutoDossierCounts } from './reminder-dossiers.service';
export { agingBoundaries, proposeLevel, parseAutoDossierRule, DEFAULT_AUTO_DOSSIER_RULE, LEVEL_TEMPLATES, STATEMENT_TEMPLATE } from './reminder.rules';
export type { AutoDossierRule, ReminderLevel } from './reminder.rules';
export { ReminderBatch, ReminderSent } from './reminder.entity';
