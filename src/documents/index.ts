/** What other components may call: rendering letters and e-mails, printing, and the daily job's step documents. */
export {
  renderDocument,
  renderForDossier,
  renderBatch,
  renderStepDocument,
  renderClaimsDeclaration,
  renderEmailParts,
  printForDossier,
  printDocument,
  printGeneratedDocuments,
  findGeneratedDocuments,
  findTemplate,
  listTemplates,
  ensureShippedTemplates,
  emailRecipient,
  letterSection,
} from './document.service';
export type { BatchItem, BatchResult, StepDocumentInput, StepDocumentResult, GeneratedDocumentFilter, ClaimsDeclarationResult, RenderedEmail } from './document.service';
export { buildDossierContext, buildClaimsDeclarationContext, buildCustomerContext } from './document-context.service';
export type { ContextOptions, ClaimsDeclarationOptions } from './document-context.service';
export type { DossierDocumentContext, PenaltyRates } from './document-context.rules';
export { latePaymentOfEntries } from './document-context.rules';
export { renderTemplate } from './template-engine';
export type { RenderResult, TemplateError } from './template-engine';
export { SHIPPED_TEMPLATE_CODES, GROUPED_TEMPLATE_CODES } from './shipped-templates';
export { renderGroupedDocument, prepareGroupedDocument, storeGroupedDocument, buildGroupedDocumentContext } from './grouped-document.service';
export type { GroupedDocumentInput, GroupedDocumentResult, PreparedGroupedDocument } from './grouped-document.service';
export { buildGroupedContext, GROUPED_TEMPLATES } from './grouped-context.rules';
export type { GroupedDocumentContext, GroupedLevel, GroupedPartSource } from './grouped-context.rules';
export { DocumentTemplate, GeneratedDocument } from './document.entity';
export type { DocumentKind } from './document.entity';
