/** Every entity, listed once for the data source (explicit imports work the same under tsx and compiled). */
import { AppSetting, DisputeReason, DossierResult, DossierStatus, Resolution, RiskCode } from '../settings/reference-list.entities';
import { Company } from '../companies/company.entity';
import { CreditController } from '../credit-controllers/credit-controller.entity';
import { ThirdParty } from '../third-parties/third-party.entity';
import { Contact } from '../contacts/contact.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { HttpSession, LoginThrottle, User } from '../auth/user.entity';
import { SettingChange } from '../audit/setting-change.entity';
import { Dossier, DossierEntry } from '../dossiers/dossier.entity';
import { Intervention } from '../interventions/intervention.entity';
import { DossierEvent } from '../history/dossier-event.entity';
import { Scenario, ScenarioStepRow } from '../scenarios/scenario.entity';
import { JobLock, JobRun } from '../jobs/job-run.entity';
import { DocumentTemplate, GeneratedDocument } from '../documents/document.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { JournalEntryRow, JournalLineRow } from '../journal/journal-entry.entity';
import { ApiIdempotency, ApiKey } from '../api-keys/api-key.entity';
import { LedgerImport } from '../fec-import/fec-import.entity';
import { ProvisionMovementRow } from '../provisions/provision-movement.entity';
import { DirectPayment, FinancialElement } from '../dossier-account/dossier-account.entity';
import { PaymentPlan, PlanInstallment, Settlement } from '../payment-plans/payment-plan.entity';
import { Attachment } from '../attachments/attachment.entity';
import { UserMessage } from '../messages/message.entity';
import { ClosureRequest } from '../closure-requests/closure-request.entity';
import { ApprovalRequest } from '../approvals/approval-request.entity';
import { MessageAttachment } from '../messages/message-attachment.entity';
import { ReminderBatch, ReminderSent } from '../reminders/reminder.entity';
import { LatePaymentRate } from '../late-payment/late-payment-rate.entity';
import { CustomerCommunication, CustomerCommunicationPart } from '../communications/customer-communication.entity';
import { PaymentPromise } from '../promises/payment-promise.entity';
import { Dispute } from '../disputes/dispute.entity';
import { DebtorLink } from '../debtor-portal/debtor-link.entity';
import { BodaccNoticeRecord, BodaccProposal } from '../bodacc/bodacc.entity';
import { PrescriptionInterruption } from '../prescription/prescription.entity';
import { PaymentOrder } from '../payment-orders/payment-order.entity';
import { EInvoiceStatus } from '../e-invoicing/e-invoice-status.entity';
import { DossierHandoff } from '../handoff/handoff.entity';
import { CollectionAgency } from '../settings/reference-list.entities';

export const ENTITIES = [
  AppSetting, Company, DossierStatus, RiskCode, DisputeReason, Resolution, DossierResult, User, HttpSession, CreditController,
  ThirdParty, Contact, LedgerEntry, Dossier, DossierEntry, Intervention, DossierEvent,
  DocumentTemplate, GeneratedDocument, OutboxMessage,
  Scenario, ScenarioStepRow, JobRun, JobLock,
  JournalEntryRow, JournalLineRow, ApiKey, ApiIdempotency,
  LedgerImport,
  ProvisionMovementRow,
  FinancialElement, DirectPayment,
  PaymentPlan, PlanInstallment, Settlement, Attachment, UserMessage, ClosureRequest, ApprovalRequest, MessageAttachment,
  ReminderBatch, ReminderSent,
  SettingChange, LoginThrottle,
  LatePaymentRate,
  CustomerCommunication, CustomerCommunicationPart,
  PaymentPromise, Dispute, DebtorLink,
  BodaccNoticeRecord, BodaccProposal, PrescriptionInterruption, PaymentOrder,
  EInvoiceStatus, CollectionAgency, DossierHandoff,
];
