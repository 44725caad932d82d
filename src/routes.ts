/** The routers of every business component, mounted after login by app.ts. One line per component. */
import type { Router } from 'express';
import type { ModuleContext } from './web/context';
import { homeRoutes } from './home/home.routes';
import { setupRoutes } from './setup/setup.routes';
import { dossierRoutes } from './dossiers/dossier.routes';
import { interventionRoutes } from './interventions/intervention.routes';
import { contactRoutes } from './contacts/contact.routes';
import { dossierBulkRoutes } from './dossiers/dossier-bulk.routes';
import { thirdPartyRoutes } from './third-parties/third-party.routes';
import { customerSearchRoutes } from './third-parties/customer-search.routes';
import { apiKeyRoutes } from './api-keys/api-key.routes';
import { documentRoutes } from './documents/documents.routes';
import { mailRoutes } from './mail/mail.routes';
import { settingsRoutes } from './settings/settings.routes';
import { creditControllerRoutes } from './credit-controllers/credit-controller.routes';
import { companyRoutes } from './companies/company.routes';
import { fecImportRoutes } from './fec-import/fec-import.routes';
import { actionBadgeRoutes, actionRoutes } from './actions/action.routes';
import { scenarioRoutes } from './scenarios/scenario.routes';
import { jobRoutes } from './jobs/job.routes';
import { statusChangeRoutes } from './status-changes/status-change.routes';
import { printingRoutes } from './printing/printing.routes';
import { reportRoutes } from './reports/reports.routes';
import { provisionRoutes } from './provisions/provision.routes';
import { journalRoutes } from './journal/journal.routes';
import { dossierAccountRoutes } from './dossier-account/dossier-account.routes';
import { recentPaymentsRoutes } from './dossier-account/recent-payments.routes';
import { paymentPlanRoutes } from './payment-plans/payment-plan.routes';
import { attachmentRoutes } from './attachments/attachment.routes';
import { messageRoutes, unreadBadgeRoutes } from './messages/message.routes';
import { closureRequestRoutes } from './closure-requests/closure-request.routes';
import { reminderRoutes } from './reminders/reminders.routes';
import { userRoutes } from './users/user-admin.routes';
import { auditRoutes } from './audit/audit.routes';
import { approvalBadgeRoutes, approvalRoutes } from './approvals/approval.routes';
import { latePaymentRoutes } from './late-payment/late-payment.routes';
import { promiseRoutes } from './promises/promise.routes';
import { disputeRoutes } from './disputes/dispute.routes';
import { debtorLinkRoutes } from './debtor-portal/debtor-links.routes';
import { bodaccRoutes } from './bodacc';
import { prescriptionRoutes } from './prescription';
import { paymentOrderRoutes } from './payment-orders';
import { eInvoicingRoutes } from './e-invoicing';
import { handoffRoutes } from './handoff';

/** In mounting order: the middlewares that every page needs come first. */
export const COMPONENT_ROUTES: ((ctx: ModuleContext) => Router)[] = [
  // The header's unread-messages count, on every page.
  unreadBadgeRoutes,
  // The header's counts of actions due today and of pending approvals, before any page.
  actionBadgeRoutes,
  approvalBadgeRoutes,
  // The settings audit's middleware: every settings change knows its author.
  auditRoutes,
  // Gestion des actions: its middleware puts the header's count of actions due today on every page.
  actionRoutes,
  // Approvals: its middleware puts the administrators' count of pending approvals on every page, and a dossier's "en attente d'approbation" badge.
  approvalRoutes,
  // Taux légaux: its middleware puts the administrators' banner of a missing half-year rate on every page.
  latePaymentRoutes,
  // The set-up page: before the home page, which it replaces for an administrator while there is no company.
  setupRoutes,
  homeRoutes,
  // Status changes before the dossier routes: its guard keeps a closed dossier read-only.
  statusChangeRoutes,
  dossierRoutes,
  // The dossier page's tabs, under /dossiers/:id.
  interventionRoutes,
  contactRoutes,
  // Bulk work on the dossier list.
  dossierBulkRoutes,
  thirdPartyRoutes,
  // The customer type-ahead's options, for every customer field.
  customerSearchRoutes,
  apiKeyRoutes,
  documentRoutes,
  mailRoutes,
  settingsRoutes,
  creditControllerRoutes,
  companyRoutes,
  fecImportRoutes,
  scenarioRoutes,
  jobRoutes,
  printingRoutes,
  reportRoutes,
  dossierAccountRoutes,
  recentPaymentsRoutes,
  paymentPlanRoutes,
  // Issue 15 (debtor): promises to pay, under the dossier's account.
  promiseRoutes,
  // Issue 15 (debtor): disputes, under the dossier's account (not through the index: see src/disputes/index.ts).
  disputeRoutes,
  // Issue 15 (debtor): the dossier's personal link to the debtor page, and its revocation.
  debtorLinkRoutes,
  attachmentRoutes,
  provisionRoutes,
  journalRoutes,
  reminderRoutes,
  userRoutes,
  messageRoutes,
  closureRequestRoutes,
  bodaccRoutes,
  prescriptionRoutes,
  paymentOrderRoutes,
  eInvoicingRoutes,
  handoffRoutes,
];
