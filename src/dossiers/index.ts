/** What other components may call in the dossier workspace. */
export {
  createDossier, updateDossier, createDossierForCustomer, linkEntries, unlinkEntries, dossierAmounts, nextActions, nextDossierNumber,
  defaultCompanyId, linkableEntries, linkedEntries, listDossiers, isUniqueViolation,
} from './dossier.service';
export type { DossierInput, CreateForCustomerOptions, DossierListQuery, DossierListRow, NextAction } from './dossier.service';
export { recordDossierEvent } from '../history';
export type { Actor } from '../history';
export { entryBalance, daysOverdue, searchPattern } from './dossier.rules';
export { Dossier, DossierEntry } from './dossier.entity';
