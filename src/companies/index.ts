/** What other components may use from the companies (creditor and subsidiaries). */
export { listCompanies, getCompany, companyExists } from './company.service';
export { Company } from './company.entity';
