/** What other components may call in the reports: the dashboard's figures and the chart payload. */
export { dashboard, runReport, recoveredByMonth, REPORT_CODES } from './reports.service';
export type { Dashboard, ReportResult, ReportCode, ChartSpec, ReportOptions } from './reports.service';
export { chartJson } from './reports.routes';
export { AGING_BUCKETS, agingBounds, successRate, dso } from './reports.rules';
