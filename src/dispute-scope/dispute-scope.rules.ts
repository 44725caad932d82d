/**
 * What an open dispute (litige) covers, as pure rules. Kept apart from the disputes component
 * because the dossier's account, the letters and the scenario run must leave the disputed invoices
 * aside, and the disputes themselves use the account (a credit note, the amount in dispute): reading
 * the scope here lets both depend on it without importing each other.
 */

export interface DisputeScope {
  status: 'open' | 'resolved';
  ledgerEntryId: number | null;
}

/**
 * The ledger entries of a dossier that open disputes cover: the contested invoices, or every entry
 * of the dossier when a dispute covers the whole dossier.
 */
export function disputedEntries(disputes: DisputeScope[], dossierEntryIds: number[]): Set<number> {
  const open = disputes.filter((d) => d.status === 'open');
  if (open.some((d) => d.ledgerEntryId === null)) return new Set(dossierEntryIds);
  return new Set(open.map((d) => d.ledgerEntryId as number));
}

/** Whether an open dispute covers the whole dossier: its scenario then waits. */
export function coversWholeDossier(disputes: DisputeScope[]): boolean {
  return disputes.some((d) => d.status === 'open' && d.ledgerEntryId === null);
}

