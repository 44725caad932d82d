/** What other components may call in Impression des dossiers. */
export { selectDossiers, printSelection, exportListCsv, exportListXlsx, htmlToPdf, chromiumExecutable, layoutSource, LAYOUT_CODES } from './printing.service';
export { parseCriteria, criteriaQuery, emptyCriteria, groupByStatus, MAX_DETAILED, MAX_LIST } from './printing.rules';
export type { PrintCriteria, PrintLayout, SelectedDossier, ListTotals, StatusGroup } from './printing.rules';
