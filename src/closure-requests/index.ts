/** What other components may call from the closure requests (demandes de clôture). */
export { requestClosure, decideClosure, listClosureRequests } from './closure-request.service';
export { ClosureRequest } from './closure-request.entity';
export type { ClosureRequestStatus } from './closure-request.entity';
