import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The company's fiscal year start (`MM-DD`), asked by the set-up page and read from a FEC's name by import:fec. */
export class CompanyFiscalYear1796145100000 implements MigrationInterface {
  name = 'CompanyFiscalYear1796145100000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('company', new TableColumn({ name: 'fiscal_year_start', type: 'varchar', length: '5', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('company', 'fiscal_year_start');
  }
}
