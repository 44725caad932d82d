/** What other components may use from the set-up: the first company (also from import:fec) and the default scenario. */
export { createFirstCompany, defaultScenarioId, needsCompany, setupStatus } from './setup.service';
export type { FirstCompanyInput, SetupStatus } from './setup.service';
export { companyFromFecFileName, fiscalYearStartAfter } from './setup.rules';
