/** What other components may call in Impression des dossiers. */
export { selectDossiers } from './printing-selection.service';
export { printSelection, layoutSource, LAYOUT_CODES } from './printing.service';
export { exportListCsv, exportListXlsx } from './printing-export.service';
export { htmlToPdf, chromiumExecutable, closePdfBrowser } from './printing-pdf';
export { parseCriteria, criteriaQuery, emptyCriteria, groupByStatus, MAX_DETAILED, MAX_LIST } from './printing.rules';
export type { PrintCriteria, PrintLayout, SelectedDossier, ListTotals, StatusGroup } from './printing.rules';
