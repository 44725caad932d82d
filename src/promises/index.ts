/**
 * What other components may call from the promises to pay (promesses de règlement). The routes are
 * mounted from src/routes.ts directly (like the disputes'): they register a panel under the dossier's
 * account, and the letters reach this door through the debtor page, so exporting them here would
 * load the account's door before it is ready.
 */
export { recordPromise, dossierPromises, checkPromises, promisePausedDossierIds, promiseReportRows, openPromises, brokenPromiseStepCode } from './promise.service';
export type { PromiseInput, PromiseReportRow } from './promise.service';
export { pauseEnd, holdsScenario, pausedUntil, promiseOutcome, promiseProblems } from './promise.rules';
export type { PromiseFacts, PromiseOutcome } from './promise.rules';
export { PaymentPromise, PROMISE_CHANNELS } from './payment-promise.entity';
export type { PromiseChannel, PromiseStatus } from './payment-promise.entity';
export { promisesReport } from './promise-report';
