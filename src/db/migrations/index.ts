/** Migrations in order. Each is dated, reversible, and written with the QueryRunner API so it runs on SQLite and PostgreSQL. */
import { InitialSchema1795330000000 } from './1795330000000-initial-schema';
import { DocumentsAndOutbox1795350000000 } from './1795350000000-documents-and-outbox';
import { ScenariosAndDailyJob1795420000000 } from './1795420000000-scenarios-and-daily-job';
import { DossierWorkspaceIndexes1795430000000 } from './1795430000000-dossier-workspace-indexes';
import { OpenItemsIndex1795445000000 } from './1795445000000-open-items-index';
import { LedgerImport1795483000000 } from './1795483000000-ledger-import';
import { InterventionIndexTrim1795490000000 } from './1795490000000-intervention-index-trim';
import { JournalEntries1795500000000 } from './1795500000000-journal-entries';
import { ApiKeys1795510000000 } from './1795510000000-api-keys';
import { StatusChanges1796130798784 } from './1796130798784-status-changes';
import { Reminders1796130847807 } from './1796130847807-reminders';
import { Provisions1796130886934 } from './1796130886934-provisions';
import { DossierAccount1796130962772 } from './1796130962772-dossier-account';
import { PaymentPlans1796131178916 } from './1796131178916-payment-plans';
import { Settlements1796131393766 } from './1796131393766-settlements';
import { UsersAuditLoginThrottle1796131462142 } from './1796131462142-users-audit-login-throttle';
import { Attachments1796131489321 } from './1796131489321-attachments';
import { ReportIndexes1796131605779 } from './1796131605779-report-indexes';
import { PlanPaymentsAtCreation1796131676246 } from './1796131676246-plan-payments-at-creation';
import { Messages1796131795521 } from './1796131795521-messages';
import { ClosureRequests1796131947731 } from './1796131947731-closure-requests';
import { PlanSuspendsScenario1796132186489 } from './1796132186489-plan-suspends-scenario';
import { DossierListIndexes1796133600000 } from './1796133600000-dossier-list-indexes';
import { ApprovalRequests1796133603739 } from './1796133603739-approval-requests';
import { MessageAttachments1796133603740 } from './1796133603740-message-attachments';
import { LatePaymentRates1796144000000 } from './1796144000000-late-payment-rates';
import { ScenarioJoinedOn1796143000000 } from './1796143000000-scenario-joined-on';
import { DossierBalance1796142000000 } from './1796142000000-dossier-balance';
import { CustomerSearchIndexes1796145000000 } from './1796145000000-customer-search-indexes';
import { CompanyFiscalYear1796145100000 } from './1796145100000-company-fiscal-year';
import { PaymentPromises1796147000000 } from './1796147000000-payment-promises';
import { Disputes1796147100000 } from './1796147100000-disputes';
import { DebtorLinks1796147200000 } from './1796147200000-debtor-links';
import { CustomerCommunications1796147300000 } from './1796147300000-customer-communications';
import { Bodacc1796148000000 } from './1796148000000-bodacc';
import { Prescription1796148100000 } from './1796148100000-prescription';
import { PaymentOrders1796148200000 } from './1796148200000-payment-orders';
import { EInvoiceStatus1796149000000 } from './1796149000000-e-invoice-status';
import { Handoff1796149100000 } from './1796149100000-handoff';
import { DossierChanges1796150000000 } from './1796150000000-dossier-changes';
import { InterventionMark1796151000000 } from './1796151000000-intervention-mark';

export const MIGRATIONS = [
  InitialSchema1795330000000,
  DocumentsAndOutbox1795350000000,
  ScenariosAndDailyJob1795420000000,
  DossierWorkspaceIndexes1795430000000,
  OpenItemsIndex1795445000000,
  LedgerImport1795483000000,
  InterventionIndexTrim1795490000000,
  JournalEntries1795500000000,
  ApiKeys1795510000000,
  StatusChanges1796130798784,
  Reminders1796130847807,
  Provisions1796130886934,
  DossierAccount1796130962772,
  PaymentPlans1796131178916,
  Settlements1796131393766,
  UsersAuditLoginThrottle1796131462142,
  Attachments1796131489321,
  ReportIndexes1796131605779,
  PlanPaymentsAtCreation1796131676246,
  Messages1796131795521,
  ClosureRequests1796131947731,
  PlanSuspendsScenario1796132186489,
  DossierListIndexes1796133600000,
  ApprovalRequests1796133603739,
  MessageAttachments1796133603740,
  DossierBalance1796142000000,
  ScenarioJoinedOn1796143000000,
  LatePaymentRates1796144000000,
  CustomerSearchIndexes1796145000000,
  CompanyFiscalYear1796145100000,
  PaymentPromises1796147000000,
  Disputes1796147100000,
  DebtorLinks1796147200000,
  CustomerCommunications1796147300000,
  Bodacc1796148000000,
  Prescription1796148100000,
  PaymentOrders1796148200000,
  EInvoiceStatus1796149000000,
  Handoff1796149100000,
  DossierChanges1796150000000,
  InterventionMark1796151000000,
];
