/** What other components may use of the API keys. */
export { createApiKey, findActiveKey, listApiKeys, revokeApiKey, scopesOf, touchApiKey, hashSecret } from './api-key.service';
export { ApiKey, ApiIdempotency, API_SCOPES } from './api-key.entity';
export type { ApiScope } from './api-key.entity';
export { apiKeyRoutes } from './api-key.routes';
