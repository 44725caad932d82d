/** What other components may call from the promises to pay (promesses de règlement). */
export { recordPromise, dossierPromises, checkPromises, promisePausedDossierIds, promiseReportRows, openPromises, brokenPromiseStepCode } from './promise.service';
export type { PromiseInput, PromiseReportRow } from './promise.service';
export { pauseEnd, holdsScenario, pausedUntil, promiseOutcome, promiseProblems } from './promise.rules';
export type { PromiseFacts, PromiseOutcome } from './promise.rules';
export { PaymentPromise, PROMISE_CHANNELS } from './payment-promise.entity';
export type { PromiseChannel, PromiseStatus } from './payment-promise.entity';
export { promiseRoutes } from './promise.routes';
export { promisesReport } from './promise-report';
