/** The routers of every business component, mounted after login by app.ts. One line per component. */
import type { Router } from 'express';
import type { ModuleContext } from './web/context';
import { homeRoutes } from './home/home.routes';
import { dossierRoutes } from './dossiers/dossier.routes';
import { thirdPartyRoutes } from './third-parties/third-party.routes';
import { apiKeyRoutes } from './api-keys/api-key.routes';
import { documentRoutes } from './documents/documents.routes';
import { mailRoutes } from './mail/mail.routes';
import { settingsRoutes } from './settings/settings.routes';
import { creditControllerRoutes } from './credit-controllers/credit-controller.routes';
import { companyRoutes } from './companies/company.routes';
import { fecImportRoutes } from './ledger/fec-import.routes';
import { actionRoutes } from './actions/action.routes';
import { scenarioRoutes } from './scenarios/scenario.routes';
import { jobRoutes } from './jobs/job.routes';
import { statusChangeRoutes } from './status-changes';
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
import { userRoutes } from './auth/user-admin.routes';
import { auditRoutes } from './audit/audit.routes';

export const COMPONENT_ROUTES: ((ctx: ModuleContext) => Router)[] = [homeRoutes, dossierRoutes, thirdPartyRoutes, apiKeyRoutes];
COMPONENT_ROUTES.push(documentRoutes, mailRoutes);
COMPONENT_ROUTES.push(settingsRoutes, creditControllerRoutes, companyRoutes);
COMPONENT_ROUTES.push(fecImportRoutes);
// Gestion des actions first: its middleware puts the header's count of actions due today on every page.
COMPONENT_ROUTES.unshift(actionRoutes);
COMPONENT_ROUTES.push(scenarioRoutes, jobRoutes);
COMPONENT_ROUTES.push(printingRoutes, reportRoutes);
COMPONENT_ROUTES.push(dossierAccountRoutes, recentPaymentsRoutes, paymentPlanRoutes, attachmentRoutes);
// Status changes before the dossier routes: its guard keeps a closed dossier read-only.
COMPONENT_ROUTES.splice(COMPONENT_ROUTES.indexOf(dossierRoutes), 0, statusChangeRoutes);
COMPONENT_ROUTES.push(provisionRoutes, journalRoutes);
COMPONENT_ROUTES.push(reminderRoutes);
// Users and the settings audit; the audit's middleware goes first so every settings change knows its author.
COMPONENT_ROUTES.push(userRoutes);
COMPONENT_ROUTES.unshift(auditRoutes);
COMPONENT_ROUTES.push(messageRoutes, closureRequestRoutes);
// The header's unread-messages count, on every page: first.
COMPONENT_ROUTES.unshift(unreadBadgeRoutes);
