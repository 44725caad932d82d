/** The API's external ids as ledger source keys (`api:<id>`), and batches of a size SQLite accepts. */
export const API_SOURCE_PREFIX = 'api:';
export const sourceKeyOf = (externalId: string) => `${API_SOURCE_PREFIX}${externalId}`;
export const externalIdOf = (sourceKey: string) => (sourceKey.startsWith(API_SOURCE_PREFIX) ? sourceKey.slice(API_SOURCE_PREFIX.length) : null);

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
