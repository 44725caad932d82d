/** What other components may use from jobs. */
export { runDailyTasks } from './daily-tasks';
export { startScheduler } from './schedule';
