import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, idx } from '../migration-helpers';

/**
 * The legal rate tables become data administrators maintain: the default penalty rates shipped in
 * src/late-payment/legal-rates.json, and the legal interest rates ("tous les autres cas") whose
 * triple is the floor of a contract rate; plus a contract rate per customer.
 */
const PENALTY: [string, number][] = [['2024-H1', 1450], ['2024-H2', 1425], ['2025-H1', 1315], ['2025-H2', 1215], ['2026-H1', 1215]];
const PENALTY_SOURCE = 'Taux BCE au 1er janvier / 1er juillet + 10 points (livré avec le module)';
// Arrêtés fixing the taux de l'intérêt légal, "pour tous les autres cas" (the creditor is a business).
const INTEREST: [string, number, string][] = [
  ['2023-H1', 206, 'Arrêté semestriel (art. L313-2 CMF)'],
  ['2023-H2', 422, 'Arrêté semestriel (art. L313-2 CMF)'],
  ['2024-H1', 507, 'Arrêté du 21 décembre 2023'],
  ['2024-H2', 492, 'Arrêté semestriel (art. L313-2 CMF)'],
  ['2025-H1', 371, 'Arrêté du 17 décembre 2024'],
  ['2025-H2', 276, 'Arrêté du 19 juin 2025 (JO du 24 juin 2025)'],
  ['2026-H1', 262, 'Arrêté du 15 décembre 2025 (JO du 26 décembre 2025)'],
];

export class LatePaymentRates1796144000000 implements MigrationInterface {
  name = 'LatePaymentRates1796144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'late_payment_rate',
        columns: [col.id(), col.str('kind', 20), col.str('half_year', 7), col.int('rate_hundredths'), col.strNull('source', 300), col.ts('updated_at')],
        indices: [idx('late_payment_rate', ['kind', 'half_year'], true)],
      }),
    );
    const at = new Date().toISOString();
    const rows = [...PENALTY.map(([h, r]) => ['penalty', h, r, PENALTY_SOURCE]), ...INTEREST.map(([h, r, s]) => ['legalInterest', h, r, s])];
    const pg = q.connection.options.type === 'postgres';
    for (const row of rows) {
      const params = [...row, at];
      await q.query(
        pg
          ? 'INSERT INTO late_payment_rate (kind, half_year, rate_hundredths, source, updated_at) VALUES ($1, $2, $3, $4, $5)'
          : 'INSERT INTO late_payment_rate (kind, half_year, rate_hundredths, source, updated_at) VALUES (?, ?, ?, ?, ?)',
        params,
      );
    }
    await q.addColumn('third_party', new TableColumn(col.intNull('contract_rate_hundredths')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('third_party', 'contract_rate_hundredths');
    await q.dropTable('late_payment_rate');
  }
}
