/**
 * Writes the demo company loaded on first start:
 *   fixtures/demo/ledger.fec.txt  the customer side of its ledger, as an 18-column FEC
 *   fixtures/demo/company.json    settings, customers, due dates and recovery dossiers
 *
 * Deterministic: a seeded PRNG, fixed dates, no clock and no Math.random, so running it again
 * gives the same bytes (test/unit/demo-fixtures.test.ts checks that the committed files match).
 *
 *   npx tsx scripts/generate-demo-fixtures.ts
 *
 * The story: Atlas Équipements (Saint-Priest, near Lyon) rents, installs and maintains office and
 * industrial equipment for about forty business customers. The ledger runs from 2025-05-21 to
 * Friday 2026-11-20; "today" is Sunday 2026-11-22. Every customer follows a payment profile (on
 * time, slow, far overdue, disputed, in a collective procedure, recovered after a dossier, new),
 * and the dossiers are written by hand over the open items that profile leaves behind.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, daysBetween, toDate } from '../src/shared/business-date';
import { allocate, formatMoney } from '../src/shared/money';
import { demoFixturesSchema, type DemoFixturesInput } from '../src/demo/demo-fixtures.schema';

export const DEMO_TODAY = '2026-11-22';
export const LEDGER_START = '2025-05-21';
export const LEDGER_END = '2026-11-20';
const NEVER = '9999-12-31'; // a payment part that has not happened by the end of the ledger
const SEED = 0x41544c53; // "ATLS"

export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

// ---------------------------------------------------------------------------------------------
// Seeded randomness and calendar

/** mulberry32: small, fast, good enough for demo data, and identical on every platform. */
class Prng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

/** French public holidays over the ledger's span: no invoice is dated and no bank credits on them. */
const HOLIDAYS = new Set([
  '2025-05-29', '2025-06-09', '2025-07-14', '2025-08-15', '2025-11-11', '2025-12-25',
  '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-11-11', '2026-12-25',
]);

function isBusinessDay(d: string): boolean {
  const day = toDate(d).getDay();
  return day !== 0 && day !== 6 && !HOLIDAYS.has(d);
}
function nextBusinessDay(d: string): string {
  let x = d;
  while (!isBusinessDay(x)) x = addDays(x, 1);
  return x;
}
function prevBusinessDay(d: string): string {
  let x = d;
  while (!isBusinessDay(x)) x = addDays(x, -1);
  return x;
}
function endOfMonth(d: string): string {
  const [y, m] = d.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${d.slice(0, 7)}-${String(last).padStart(2, '0')}`;
}
const max = (a: string, b: string) => (a > b ? a : b);
const fecDate = (d: string) => d.replaceAll('-', '');
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

// ---------------------------------------------------------------------------------------------
// Identifiers with valid check digits

/** SIREN: 8 digits and a Luhn check digit. */
function siren(prng: Prng): string {
  const body = String(prng.int(3, 9)) + prng.digits(7);
  for (let check = 0; check <= 9; check++) if (luhnValid(body + check)) return body + check;
  throw new Error('unreachable');
}
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
/** French intra-community VAT number: FR + key + SIREN, key = (12 + 3 x (SIREN mod 97)) mod 97. */
export function frenchVatNumber(sirenDigits: string): string {
  const key = (12 + 3 * (Number(sirenDigits) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${sirenDigits}`;
}
/** Belgian enterprise number: 0 + 7 digits, then 97 - (those 8 digits mod 97). */
function belgianVatNumber(prng: Prng): string {
  const body = '0' + String(prng.int(4, 9)) + prng.digits(6);
  return `BE${body}${String(97 - (Number(body) % 97)).padStart(2, '0')}`;
}
/** Spanish CIF of a sociedad limitada: B + 7 digits + a control digit. */
function spanishVatNumber(prng: Prng): string {
  const d = prng.digits(7).split('').map(Number);
  let sum = d[1] + d[3] + d[5];
  for (const i of [0, 2, 4, 6]) {
    const x = d[i] * 2;
    sum += Math.floor(x / 10) + (x % 10);
  }
  return `ESB${d.join('')}${(10 - (sum % 10)) % 10}`;
}
/** German USt-IdNr: 8 digits and an ISO 7064 MOD 11,10 check digit. */
function germanVatNumber(prng: Prng): string {
  const body = String(prng.int(1, 9)) + prng.digits(7);
  let product = 10;
  for (const ch of body) {
    let sum = (Number(ch) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return `DE${body}${check === 10 ? 0 : check}`;
}

// ---------------------------------------------------------------------------------------------
// Customers

type Profile = 'onTime' | 'slow' | 'farOverdue' | 'disputed' | 'receivership' | 'liquidation' | 'recovered' | 'newCustomer';
type Activity = 'rental' | 'maintenance' | 'project';
type Country = 'FR' | 'BE' | 'ES' | 'DE';
type PayMethod = 'virement' | 'cheque' | 'lcr' | 'prelevement';

interface CustomerSpec {
  aux: string;
  name: string;
  legalForm: 'SARL' | 'SAS' | 'SA' | 'EURL' | 'SNC' | 'EI' | 'SRL' | 'SL' | 'GmbH';
  postalCode: string;
  city: string;
  country?: Country;
  /** Street address for the foreign customers; French ones get one from the pools below. */
  address?: string;
  phonePrefix?: string;
  profile: Profile;
  /** Payment terms: days, and whether they run to the end of that month. */
  terms: 30 | 45 | 60;
  endOfMonth?: boolean;
  activities: Activity[];
  /** Invoices over the period, for the generic profiles. */
  invoices: number;
  /** Slow and far-overdue customers: the last invoices left unpaid, and whether the oldest of them got a part payment. */
  openTail?: number;
  partOnTail?: boolean;
  /** A credit note on one of the invoices: deducted from the payment, cancelling it, or left open. */
  creditNote?: 'deduct' | 'cancel' | 'open';
  /** VAT rates cycled over the invoices (housing works at 10 % and 5,5 %). */
  vatRates?: VatRate[];
  domain?: string;
  contacts?: { firstName: string; lastName: string; jobTitle: string }[];
}

type VatRate = 20 | 10 | 5.5;

const CUSTOMERS: CustomerSpec[] = [
  { aux: '411BERTRAND', name: 'Imprimerie Bertrand', legalForm: 'SARL', postalCode: '69100', city: 'Villeurbanne', profile: 'onTime', terms: 30, activities: ['rental', 'maintenance'], invoices: 4, creditNote: 'deduct' },
  { aux: '411CASTEL', name: 'Castel Logistique', legalForm: 'SAS', postalCode: '69960', city: 'Corbas', profile: 'onTime', terms: 45, endOfMonth: true, activities: ['rental', 'project'], invoices: 4 },
  { aux: '411DUPONT', name: 'Menuiserie Dupont', legalForm: 'SARL', postalCode: '01000', city: 'Bourg-en-Bresse', profile: 'slow', terms: 30, activities: ['maintenance', 'project'], invoices: 4, openTail: 2 },
  { aux: '411FAURE', name: 'Faure Mécanique de Précision', legalForm: 'SAS', postalCode: '42000', city: 'Saint-Étienne', profile: 'onTime', terms: 60, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411GIRAUD', name: 'Cabinet Giraud Expertise Comptable', legalForm: 'SAS', postalCode: '69003', city: 'Lyon', profile: 'onTime', terms: 30, activities: ['rental'], invoices: 3 },
  { aux: '411HABSAONE', name: 'Habitat Saône', legalForm: 'SA', postalCode: '71000', city: 'Mâcon', profile: 'slow', terms: 60, activities: ['project'], invoices: 4, vatRates: [10, 5.5, 20, 10] },
  { aux: '411LAMBERT', name: 'Transports Lambert', legalForm: 'SARL', postalCode: '38200', city: 'Vienne', profile: 'farOverdue', terms: 30, activities: ['rental', 'maintenance'], invoices: 4, openTail: 3, partOnTail: true },
  { aux: '411MOREL', name: 'Garage Morel', legalForm: 'SARL', postalCode: '74000', city: 'Annecy', profile: 'slow', terms: 30, activities: ['maintenance'], invoices: 3 },
  { aux: '411PERRIN', name: 'Perrin Agencement', legalForm: 'EURL', postalCode: '73000', city: 'Chambéry', profile: 'farOverdue', terms: 45, endOfMonth: true, activities: ['project'], invoices: 4, openTail: 2, creditNote: 'open' },
  { aux: '411ROUSSEL', name: 'Boulangerie Roussel', legalForm: 'EI', postalCode: '69400', city: 'Villefranche-sur-Saône', profile: 'slow', terms: 30, activities: ['rental', 'maintenance'], invoices: 2 },
  { aux: '411RIVOIRE', name: 'Charpentes Rivoire', legalForm: 'SARL', postalCode: '69007', city: 'Lyon', profile: 'slow', terms: 30, activities: ['rental', 'maintenance'], invoices: 3, openTail: 2, partOnTail: true, domain: 'charpentes-rivoire.example' },
  { aux: '411BIODIST', name: '100% Bio Distribution', legalForm: 'SAS', postalCode: '26000', city: 'Valence', profile: 'slow', terms: 45, endOfMonth: true, activities: ['rental', 'project'], invoices: 3, openTail: 2, domain: '100pc-bio-distribution.example' },
  { aux: '411VIDAL', name: 'Vidal Plasturgie', legalForm: 'SAS', postalCode: '01100', city: 'Oyonnax', profile: 'onTime', terms: 60, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411ALPIMED', name: 'Alpimed Laboratoires', legalForm: 'SA', postalCode: '38000', city: 'Grenoble', profile: 'onTime', terms: 45, endOfMonth: true, activities: ['rental', 'maintenance'], invoices: 4, creditNote: 'open' },
  { aux: '411BRESSE', name: 'Fromagerie de la Bresse', legalForm: 'SAS', postalCode: '71500', city: 'Louhans', profile: 'slow', terms: 30, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411CHEVALIER', name: 'Chevalier BTP', legalForm: 'SAS', postalCode: '63000', city: 'Clermont-Ferrand', profile: 'farOverdue', terms: 30, activities: ['rental', 'project'], invoices: 5, openTail: 4 },
  { aux: '411DELORME', name: 'Delorme & Fils', legalForm: 'SNC', postalCode: '42300', city: 'Roanne', profile: 'slow', terms: 45, endOfMonth: true, activities: ['maintenance'], invoices: 2 },
  { aux: '411TERREAUX', name: 'Hôtel des Terreaux', legalForm: 'SARL', postalCode: '69001', city: 'Lyon', profile: 'disputed', terms: 30, activities: ['maintenance', 'project'], invoices: 2 },
  { aux: '411FONTAINE', name: 'Fontaine Textiles', legalForm: 'SAS', postalCode: '69170', city: 'Tarare', profile: 'receivership', terms: 60, activities: ['maintenance', 'project'], invoices: 5 },
  { aux: '411GARNIER', name: 'Garnier Restauration Collective', legalForm: 'SAS', postalCode: '21000', city: 'Dijon', profile: 'onTime', terms: 30, activities: ['rental', 'maintenance'], invoices: 3, creditNote: 'cancel' },
  { aux: '411HOUDART', name: 'Houdart Chaudronnerie', legalForm: 'SARL', postalCode: '03100', city: 'Montluçon', profile: 'liquidation', terms: 45, endOfMonth: true, activities: ['maintenance', 'project'], invoices: 4 },
  { aux: '411JOLY', name: 'Pharmacie Joly', legalForm: 'SNC', postalCode: '73100', city: 'Aix-les-Bains', profile: 'onTime', terms: 30, activities: ['rental'], invoices: 2 },
  { aux: '411KLEIN', name: 'Klein Emballages', legalForm: 'SAS', postalCode: '68100', city: 'Mulhouse', profile: 'slow', terms: 60, activities: ['maintenance', 'project'], invoices: 3, creditNote: 'deduct' },
  { aux: '411LEROY', name: 'Leroy Électricité Générale', legalForm: 'EURL', postalCode: '25000', city: 'Besançon', profile: 'farOverdue', terms: 30, activities: ['rental', 'project'], invoices: 3, openTail: 2 },
  { aux: '411MARCHAL', name: 'Marchal Automatismes', legalForm: 'SAS', postalCode: '54000', city: 'Nancy', profile: 'recovered', terms: 45, endOfMonth: true, activities: ['maintenance', 'project'], invoices: 6 },
  { aux: '411NOVATEC', name: 'Novatec Industrie', legalForm: 'SA', postalCode: '74100', city: 'Annemasse', profile: 'onTime', terms: 60, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411OLIVIER', name: 'Atelier Olivier Architectes', legalForm: 'SARL', postalCode: '84000', city: 'Avignon', profile: 'slow', terms: 30, activities: ['rental'], invoices: 3 },
  { aux: '411PRIMEURS', name: 'Primeurs du Dauphiné', legalForm: 'SAS', postalCode: '38500', city: 'Voiron', profile: 'farOverdue', terms: 30, activities: ['rental', 'maintenance'], invoices: 4, openTail: 3 },
  { aux: '411QUINTIN', name: 'Quintin Paysage', legalForm: 'EURL', postalCode: '38300', city: 'Bourgoin-Jallieu', profile: 'disputed', terms: 30, activities: ['rental', 'project'], invoices: 2 },
  { aux: '411RHONEFROID', name: 'Rhône Froid Services', legalForm: 'SAS', postalCode: '69200', city: 'Vénissieux', profile: 'slow', terms: 45, endOfMonth: true, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411SOLEIL', name: "Camping Le Soleil d'Ardèche", legalForm: 'SARL', postalCode: '07150', city: "Vallon-Pont-d'Arc", profile: 'farOverdue', terms: 30, activities: ['rental'], invoices: 3, openTail: 2 },
  { aux: '411TECHNIPLAST', name: 'Techniplast Savoie', legalForm: 'SAS', postalCode: '73200', city: 'Albertville', profile: 'onTime', terms: 45, endOfMonth: true, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411URBAN', name: 'Urban Coworking Part-Dieu', legalForm: 'SAS', postalCode: '69003', city: 'Lyon', profile: 'recovered', terms: 30, activities: ['rental', 'project'], invoices: 4 },
  { aux: '411VERNET', name: 'Vernet Ambulances', legalForm: 'SARL', postalCode: '43000', city: 'Le Puy-en-Velay', profile: 'onTime', terms: 30, activities: ['maintenance'], invoices: 2 },
  {
    aux: '411WEBER', name: 'Weber Industrietechnik', legalForm: 'GmbH', country: 'DE', address: 'Industriestraße 14', postalCode: '66117', city: 'Saarbrücken',
    phonePrefix: '+49 681', profile: 'slow', terms: 60, activities: ['maintenance', 'project'], invoices: 3, domain: 'weber-industrietechnik.example',
    contacts: [{ firstName: 'Katrin', lastName: 'Schneider', jobTitle: 'Comptable fournisseurs' }],
  },
  {
    aux: '411LIEGEOUTIL', name: 'Liège Outillage', legalForm: 'SRL', country: 'BE', address: 'Rue Saint-Gilles 128', postalCode: '4000', city: 'Liège',
    phonePrefix: '+32 4', profile: 'onTime', terms: 30, activities: ['rental', 'maintenance'], invoices: 3, domain: 'liege-outillage.example',
    contacts: [{ firstName: 'Luc', lastName: 'Dewandre', jobTitle: 'Gérant' }],
  },
  {
    aux: '411IBERSUM', name: 'Ibersuministros Industriales', legalForm: 'SL', country: 'ES', address: 'Carrer de Pallars 190', postalCode: '08005', city: 'Barcelona',
    phonePrefix: '+34 93', profile: 'farOverdue', terms: 60, activities: ['project'], invoices: 3, openTail: 2, domain: 'ibersuministros.example',
    contacts: [{ firstName: 'Marta', lastName: 'Puig', jobTitle: 'Responsable administrative' }, { firstName: 'Jordi', lastName: 'Ferrer', jobTitle: 'Directeur général' }],
  },
  { aux: '411ZENITH', name: 'Zénith Événements', legalForm: 'SAS', postalCode: '69002', city: 'Lyon', profile: 'newCustomer', terms: 45, endOfMonth: true, activities: ['rental'], invoices: 2 },
  { aux: '411AUBERT', name: 'Aubert Sécurité Incendie', legalForm: 'SARL', postalCode: '71100', city: 'Chalon-sur-Saône', profile: 'onTime', terms: 30, activities: ['maintenance', 'project'], invoices: 3 },
  { aux: '411BLANC', name: 'Blanc Frères Carrosserie', legalForm: 'SNC', postalCode: '42700', city: 'Firminy', profile: 'slow', terms: 30, activities: ['maintenance'], invoices: 3 },
];

const CONTROLLERS = [
  { code: 'SMA', name: 'Sophie Marchand', email: 'sophie.marchand@atlas-equipements.example', phone: '04 65 71 20 21', username: 'smarchand' },
  { code: 'TLE', name: 'Thomas Lefort', email: 'thomas.lefort@atlas-equipements.example', phone: '04 65 71 20 22', username: 'tlefort' },
  { code: 'NBE', name: 'Nadia Benali', email: 'nadia.benali@atlas-equipements.example', phone: '04 65 71 20 23', username: 'nbenali' },
];

const RISK_BY_PROFILE: Record<Profile, string> = {
  onTime: 'R1', newCustomer: 'R1', slow: 'R2', disputed: 'R2', recovered: 'R2', farOverdue: 'R3', receivership: 'R4', liquidation: 'R4',
};

const FIRST_NAMES: [string, 'f' | 'm'][] = [
  ['Nicolas', 'm'], ['Camille', 'f'], ['Julien', 'm'], ['Sandrine', 'f'], ['Stéphane', 'm'], ['Nathalie', 'f'], ['Laurent', 'm'], ['Céline', 'f'],
  ['Olivier', 'm'], ['Aurélie', 'f'], ['Sébastien', 'm'], ['Émilie', 'f'], ['Christophe', 'm'], ['Valérie', 'f'], ['Mathieu', 'm'], ['Sophie', 'f'],
  ['Guillaume', 'm'], ['Hélène', 'f'], ['Frédéric', 'm'], ['Karine', 'f'], ['Antoine', 'm'], ['Manon', 'f'], ['Jérôme', 'm'], ['Élodie', 'f'],
];
const LAST_NAMES = ['Martin', 'Bernard', 'Petit', 'Durand', 'Leroux', 'Moreau', 'Simon', 'Michel', 'Lefebvre', 'Garcia', 'David', 'Bertin', 'Roux',
  'Vincent', 'Fournier', 'Girard', 'Bonnet', 'Mercier', 'Chevallier', 'Masson', 'Sanchez', 'Brun', 'Gauthier', 'Perrot', 'Rolland', 'Guérin'];
/** Job titles, masculine and feminine. */
const JOB_TITLES: [string, string][] = [
  ['Gérant', 'Gérante'], ['Comptable', 'Comptable'], ['Responsable administratif et financier', 'Responsable administrative et financière'],
  ['Directeur administratif et financier', 'Directrice administrative et financière'], ['Assistant de direction', 'Assistante de direction'],
  ['Responsable des achats', 'Responsable des achats'], ['Comptable fournisseurs', 'Comptable fournisseurs'], ['Directeur de site', 'Directrice de site'],
];
const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'rue du Commerce', 'boulevard des Belges', 'chemin des Mûriers', 'allée des Artisans',
  'rue Pasteur', 'avenue de la Libération', 'rue Victor Hugo', 'route de Lyon', 'rue des Frères Lumière', 'impasse des Tilleuls'];
const PARKS = ["ZI des Grandes Terres", "ZA du Chapotin", "Parc d'activités de la Plaine", 'ZI Sud', 'ZAC des Platières', 'Parc technologique'];

/**
 * Phone numbers from the blocks the French numbering plan keeps for fiction (01 99 00, 03 53 01,
 * 04 65 71, 06 39 98), so nobody real is dialled from the demo.
 */
function frenchPhone(prng: Prng, postalCode: string, mobile = false): string {
  const dept = postalCode.slice(0, 2);
  const prefix = mobile ? '06 39 98' : ['21', '25', '54', '68', '71'].includes(dept) ? '03 53 01' : '04 65 71';
  return `${prefix} ${prng.digits(2)} ${prng.digits(2)}`;
}

function slug(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
function emailLocal(firstName: string, lastName: string): string {
  return `${slug(firstName)}.${slug(lastName)}`.replaceAll('-', '');
}

// ---------------------------------------------------------------------------------------------
// Ledger model

interface Piece {
  seq: number;
  kind: 'invoice' | 'credit';
  customer: CustomerSpec;
  date: string;
  dueDate: string;
  ht: number;
  vatRate: VatRate | null; // null: intra-EU reverse charge, no VAT line
  vat: number;
  ttc: number;
  label: string;
  ref: string;
  relatesTo: Piece | null;
  group: Group | null;
  /** Invoices a closed dossier recovered. */
  recovered: boolean;
}
interface Payment {
  seq: number;
  customer: CustomerSpec;
  date: string;
  amount: number;
  method: PayMethod;
  chequeNumber: string;
  covers: Piece[];
  kind: 'full' | 'part' | 'installment';
  installment: string;
  ref: string;
  group: Group | null;
}
interface Group {
  customer: CustomerSpec;
  pieces: Piece[];
  payments: Payment[];
  dateLet: string;
  code: string;
}

class LedgerBuilder {
  readonly pieces: Piece[] = [];
  readonly payments: Payment[] = [];
  readonly groups: Group[] = [];
  private seq = 0;
  private readonly methods = new Map<string, PayMethod>();

  constructor(private readonly prng: Prng) {}

  methodOf(c: CustomerSpec): PayMethod {
    let m = this.methods.get(c.aux);
    if (!m) {
      const r = this.prng.next();
      // Bills of exchange and direct debits are paid on the due date, so only punctual customers use them.
      if (c.country && c.country !== 'FR') m = 'virement';
      else if (c.profile === 'onTime') m = r < 0.6 ? 'virement' : r < 0.75 ? 'cheque' : r < 0.9 ? 'lcr' : 'prelevement';
      else m = r < 0.75 ? 'virement' : 'cheque';
      this.methods.set(c.aux, m);
    }
    return m;
  }

  dueDateOf(c: CustomerSpec, date: string): string {
    const d = addDays(date, c.terms);
    return c.endOfMonth ? endOfMonth(d) : d;
  }

  invoice(c: CustomerSpec, date: string, activity: Activity, vatRate: VatRate | null, htOverride?: number, labelOverride?: string): Piece {
    const ht = htOverride ?? amountFor(this.prng, activity);
    const label = labelOverride ?? serviceLabel(this.prng, activity, date, vatRate);
    return this.addPiece('invoice', c, date, this.dueDateOf(c, date), ht, vatRate, label, null);
  }

  /** A credit note (avoir): available at once, so due on its own date. */
  credit(c: CustomerSpec, date: string, on: Piece, ht: number, label: string): Piece {
    return this.addPiece('credit', c, date, date, ht, on.vatRate, label, on);
  }

  private addPiece(kind: Piece['kind'], c: CustomerSpec, date: string, dueDate: string, ht: number, vatRate: VatRate | null, label: string, relatesTo: Piece | null): Piece {
    const vat = vatRate === null ? 0 : Math.round((ht * Math.round(vatRate * 100)) / 10000);
    const piece: Piece = {
      seq: this.seq++, kind, customer: c, date, dueDate, ht, vatRate, vat, ttc: ht + vat, label, ref: '', relatesTo, group: null, recovered: false,
    };
    this.pieces.push(piece);
    return piece;
  }

  /**
   * Settles `pieces` with payments in `parts` (which add up to their balance). Parts dated after the
   * end of the ledger have not happened: the parts paid so far stay unlettered beside the pieces.
   * When every part is paid, pieces and payments are lettered together.
   */
  settle(pieces: Piece[], parts: { date: string; amount: number }[], kind: Payment['kind'] = parts.length > 1 ? 'part' : 'full'): Payment[] {
    const c = pieces[0].customer;
    const balance = pieces.reduce((s, p) => s + (p.kind === 'invoice' ? p.ttc : -p.ttc), 0);
    const paid = parts.reduce((s, p) => s + p.amount, 0);
    if (balance !== paid) throw new Error(`settlement of ${c.aux} does not balance: ${balance} vs ${paid}`);
    const latestPiece = pieces.reduce((m, p) => max(m, p.date), '');
    const recorded: Payment[] = [];
    parts.forEach((part, i) => {
      if (part.date > LEDGER_END) return;
      if (part.date <= latestPiece) throw new Error(`payment of ${c.aux} on ${part.date} before its invoice of ${latestPiece}`);
      const method = this.methodOf(c);
      const payment: Payment = {
        seq: this.seq++, customer: c, date: part.date, amount: part.amount, method, chequeNumber: method === 'cheque' ? this.prng.digits(7) : '',
        covers: pieces.filter((p) => p.kind === 'invoice'), kind: parts.length === 1 ? 'full' : kind,
        installment: `${i + 1}/${parts.length}`, ref: '', group: null,
      };
      this.payments.push(payment);
      recorded.push(payment);
    });
    if (recorded.length === parts.length) {
      const dateLet = [...pieces.map((p) => p.date), ...recorded.map((p) => p.date)].reduce(max);
      const group: Group = { customer: c, pieces, payments: recorded, dateLet, code: '' };
      for (const x of [...pieces, ...recorded]) x.group = group;
      this.groups.push(group);
    }
    return recorded;
  }

  payOnTime(inv: Piece, deduct: Piece[] = []): void {
    const date = max(nextBusinessDay(addDays(inv.dueDate, this.prng.int(-6, 3))), nextBusinessDay(addDays(inv.date, 8)));
    const amount = inv.ttc - deduct.reduce((s, p) => s + p.ttc, 0);
    this.settle([inv, ...deduct], [{ date, amount }]);
  }

  /** 30 to 90 days late; now and then in two parts. */
  payLate(inv: Piece, minDays = 30, maxDays = 90, deduct: Piece[] = []): void {
    const amount = inv.ttc - deduct.reduce((s, p) => s + p.ttc, 0);
    const late = this.prng.int(minDays, maxDays);
    const last = nextBusinessDay(addDays(inv.dueDate, late));
    if (this.prng.chance(0.25) && deduct.length === 0) {
      const first = nextBusinessDay(addDays(inv.dueDate, this.prng.int(Math.max(5, minDays - 25), Math.max(10, late - 12))));
      const part = Math.round((amount * this.prng.int(35, 60)) / 10000) * 100;
      this.settle([inv], [{ date: first, amount: part }, { date: max(last, nextBusinessDay(addDays(first, 7))), amount: amount - part }]);
    } else {
      this.settle([inv, ...deduct], [{ date: last, amount }]);
    }
  }

  /** A round part payment (acompte) on `date`; the rest is still owed. */
  payPart(inv: Piece, percent: number, date: string): void {
    const part = Math.round((inv.ttc * percent) / 10000) * 100;
    const on = nextBusinessDay(date) > LEDGER_END ? prevBusinessDay(LEDGER_END) : nextBusinessDay(date);
    this.settle([inv], [{ date: max(on, nextBusinessDay(addDays(inv.date, 10))), amount: part }, { date: NEVER, amount: inv.ttc - part }]);
  }
}

function amountFor(prng: Prng, activity: Activity): number {
  const [lo, hi] = activity === 'rental' ? [180, 1200] : activity === 'maintenance' ? [320, 3600] : [2400, 18500];
  const euros = prng.int(lo, hi);
  // Quotes are often round, rental and maintenance fees rarely are.
  const cents = activity === 'project' && prng.chance(0.5) ? 0 : prng.pick([0, 0, 50, 90, prng.int(1, 99)]);
  return (activity === 'project' && cents === 0 ? Math.round(euros / 10) * 10 : euros) * 100 + cents;
}

function serviceLabel(prng: Prng, activity: Activity, date: string, vatRate: VatRate | null): string {
  const [y, m, d] = date.split('-');
  const month = `${MONTHS[Number(m) - 1]} ${y}`;
  const quarter = `T${Math.floor((Number(m) - 1) / 3) + 1} ${y}`;
  if (vatRate === 10) return prng.pick(['Remplacement VMC - résidence Les Tilleuls (travaux d\'amélioration)', 'Remplacement portes de halls - résidence du Parc (travaux d\'amélioration)']);
  if (vatRate === 5.5) return prng.pick(['Pompe à chaleur - résidence Bellevue (rénovation énergétique)', 'Isolation réseaux de chauffage - résidence du Parc (rénovation énergétique)']);
  const pools: Record<Activity, string[]> = {
    rental: [`Location copieur multifonction - ${month}`, `Location chariot élévateur - ${month}`, `Location mobilier de bureau - ${month}`,
      `Location nacelle élévatrice - ${prng.int(3, 15)} jours`, `Location fontaines à eau - ${quarter}`],
    maintenance: [`Contrat de maintenance parc informatique - ${quarter}`, `Maintenance préventive compresseur - ${month}`,
      'Vérification périodique équipements de levage', 'Maintenance climatisation - visite semestrielle',
      `Dépannage ligne de conditionnement - intervention du ${d}/${m}/${y}`, `Maintenance portes sectionnelles - ${quarter}`],
    project: ['Installation rayonnages industriels', 'Aménagement open space - mobilier et cloisons', 'Fourniture et installation postes de travail ergonomiques',
      'Mise en service compresseur à vis', 'Installation vidéoprotection entrepôt', 'Fourniture et pose mezzanine de stockage', 'Renouvellement parc de copieurs'],
  };
  return prng.pick(pools[activity]);
}

/** n invoice dates spread over [from, to], on business days. */
function spreadDates(prng: Prng, from: string, to: string, n: number): string[] {
  if (n <= 0) return [];
  const span = daysBetween(from, to);
  const step = span / n;
  const dates: string[] = [];
  for (let i = 0; i < n; i++) {
    const offset = Math.floor(i * step) + prng.int(0, Math.max(0, Math.floor(step * 0.7)));
    let d = nextBusinessDay(addDays(from, offset));
    if (d > to) d = prevBusinessDay(to);
    dates.push(d);
  }
  return dates.sort();
}

// ---------------------------------------------------------------------------------------------
// Payment profiles

function buildLedger(prng: Prng): LedgerBuilder {
  const L = new LedgerBuilder(prng);

  for (const c of CUSTOMERS) {
    const vatFor = (i: number): VatRate | null => (c.country && c.country !== 'FR' ? null : c.vatRates ? c.vatRates[i % c.vatRates.length] : 20);
    const activity = () => prng.pick(c.activities);
    const invoicesOn = (dates: string[], offset = 0) => dates.map((d, i) => L.invoice(c, d, activity(), vatFor(i + offset)));

    switch (c.profile) {
      case 'onTime': {
        // Most running customers were invoiced in the last weeks: those items are open but not due.
        const recent = prng.chance(0.7);
        const invoices = invoicesOn(recent
          ? [...spreadDates(prng, LEDGER_START, '2026-09-25', c.invoices - 1), ...spreadDates(prng, '2026-10-01', '2026-11-16', 1)]
          : spreadDates(prng, LEDGER_START, '2026-11-16', c.invoices));
        invoices.forEach((inv, i) => {
          if (i === 1 && c.creditNote === 'deduct') {
            const credit = L.credit(c, nextBusinessDay(addDays(inv.date, prng.int(6, 14))), inv, Math.round(inv.ht * 0.15),
              `Avoir sur ${'{ref:' + inv.seq + '}'} - retour de matériel`);
            L.payOnTime(inv, [credit]);
          } else if (i === 2 && c.creditNote === 'cancel') {
            // Invoiced to the wrong entity: cancelled in full by a credit note, then invoiced again.
            const date = nextBusinessDay(addDays(inv.date, 3));
            const credit = L.credit(c, date, inv, inv.ht, `Annulation ${'{ref:' + inv.seq + '}'} - erreur de facturation`);
            L.settle([inv, credit], []);
            L.payOnTime(L.invoice(c, date, 'maintenance', 20, inv.ht, inv.label));
          } else {
            L.payOnTime(inv);
          }
        });
        if (c.creditNote === 'open') {
          const on = invoices[invoices.length - 2];
          L.credit(c, '2026-10-23', on, 24000, `Geste commercial - indisponibilité copieur (${'{ref:' + on.seq + '}'})`);
        }
        break;
      }

      case 'slow': {
        const tail = c.openTail ?? 0;
        const paid = invoicesOn(tail
          ? spreadDates(prng, LEDGER_START, '2026-04-30', c.invoices - tail)
          : [...spreadDates(prng, LEDGER_START, '2026-07-31', c.invoices - 1), ...spreadDates(prng, '2026-08-17', '2026-11-13', 1)]);
        paid.forEach((inv, i) => {
          if (i === 1 && c.creditNote === 'deduct') {
            const credit = L.credit(c, nextBusinessDay(addDays(inv.date, prng.int(10, 20))), inv, Math.round(inv.ht * 0.1),
              `Avoir sur ${'{ref:' + inv.seq + '}'} - prestation incomplète`);
            L.payLate(inv, 30, 90, [credit]);
          } else {
            L.payLate(inv);
          }
        });
        // The recent ones: due one to four months ago, unpaid, the oldest perhaps partly.
        const open = invoicesOn(spreadDates(prng, '2026-06-15', '2026-09-30', tail), paid.length);
        open.forEach((inv, i) => {
          if (i === 0 && c.partOnTail) L.payPart(inv, prng.int(30, 50), addDays(inv.dueDate, prng.int(20, 40)));
        });
        break;
      }

      case 'farOverdue': {
        // Paid, late, until the autumn of 2025; then nothing for the invoices due 6 to 12 months ago,
        // and the account blocked (no invoice after March 2026).
        const tail = c.openTail ?? 2;
        const paid = invoicesOn(spreadDates(prng, LEDGER_START, '2025-09-12', c.invoices - tail));
        paid.forEach((inv) => L.payLate(inv, 15, 60));
        const open = invoicesOn(spreadDates(prng, '2025-10-27', '2026-03-13', tail), paid.length);
        if (c.partOnTail) L.payPart(open[0], prng.int(20, 40), addDays(open[0].dueDate, prng.int(25, 50)));
        if (c.creditNote === 'open') {
          const on = open[open.length - 1];
          L.credit(c, nextBusinessDay(addDays(on.date, 12)), on, Math.round(on.ht * 0.12), `Avoir sur ${'{ref:' + on.seq + '}'} - reprise d'éléments non posés`);
        }
        break;
      }

      case 'disputed': {
        const before = invoicesOn(spreadDates(prng, LEDGER_START, '2026-06-30', c.invoices));
        before.forEach((inv) => L.payOnTime(inv));
        if (c.aux === '411TERREAUX') {
          // The second lot of bedroom furniture: the customer says the price was not the quoted one.
          const disputed = L.invoice(c, '2026-08-20', 'project', 20, 1284000, 'Mobilier de chambres - 2e tranche (32 chambres)');
          L.credit(c, '2026-10-20', disputed, 128400, `Avoir partiel sur ${'{ref:' + disputed.seq + '}'} - remise de 10 % (prix contesté)`);
          L.payOnTime(L.invoice(c, '2026-11-05', 'maintenance', 20));
        } else {
          // Delivered without two of the five shelters: paid for what arrived, not for the rest.
          const disputed = L.invoice(c, '2026-07-17', 'project', 20, 865000, 'Fourniture et pose abris de stockage extérieurs (5 unités)');
          L.payPart(disputed, 60, '2026-09-14');
        }
        break;
      }

      case 'receivership': {
        // Fontaine Textiles: slow, then nothing from June 2026; redressement judiciaire opened on 2026-10-14.
        invoicesOn(spreadDates(prng, LEDGER_START, '2026-03-31', c.invoices - 3)).forEach((inv) => L.payLate(inv, 20, 60));
        const open = invoicesOn(spreadDates(prng, '2026-06-01', '2026-09-11', 3), c.invoices - 3);
        L.payPart(open[0], 25, '2026-08-31');
        break;
      }

      case 'liquidation': {
        // Houdart Chaudronnerie: unpaid since December 2025; liquidation judiciaire on 2026-06-10.
        invoicesOn(spreadDates(prng, LEDGER_START, '2025-10-31', c.invoices - 3)).forEach((inv) => L.payLate(inv, 20, 50));
        invoicesOn(spreadDates(prng, '2025-12-01', '2026-03-13', 3), c.invoices - 3);
        break;
      }

      case 'recovered': {
        if (c.aux === '411MARCHAL') {
          // Three invoices of spring 2026 left unpaid until the dossier, then paid in one transfer.
          invoicesOn(spreadDates(prng, LEDGER_START, '2026-01-15', c.invoices - 4)).forEach((inv) => L.payOnTime(inv));
          const late = invoicesOn(spreadDates(prng, '2026-02-02', '2026-04-24', 3), c.invoices - 4);
          late.forEach((p) => (p.recovered = true));
          L.settle(late, [{ date: '2026-09-25', amount: late.reduce((s, p) => s + p.ttc, 0) }]);
          invoicesOn(spreadDates(prng, '2026-10-05', '2026-11-13', 1), c.invoices - 1).forEach((inv) => L.payOnTime(inv));
        } else {
          // Urban Coworking: the fit-out of its second floor, paid under a four-installment plan.
          invoicesOn(spreadDates(prng, LEDGER_START, '2025-12-31', 1)).forEach((inv) => L.payOnTime(inv));
          const fitOut = [
            L.invoice(c, '2026-03-16', 'project', 20, 1376000, 'Aménagement 2e étage - mobilier et cloisons (acompte 50 %)'),
            L.invoice(c, '2026-04-20', 'project', 20, 1376000, 'Aménagement 2e étage - mobilier et cloisons (solde)'),
          ];
          fitOut.forEach((p) => (p.recovered = true));
          const total = fitOut.reduce((s, p) => s + p.ttc, 0);
          const dates = ['2026-07-15', '2026-08-14', '2026-09-15', '2026-10-15'];
          L.settle(fitOut, allocate(total, [1, 1, 1, 1]).map((amount, i) => ({ date: dates[i], amount })), 'installment');
          invoicesOn(spreadDates(prng, '2026-10-05', '2026-11-13', c.invoices - 3), 3).forEach((inv) => L.payOnTime(inv));
        }
        break;
      }

      case 'newCustomer': {
        // First orders in October: nothing due yet.
        L.invoice(c, '2026-10-12', 'rental', 20, 168000, 'Location mobilier événementiel - salon Equip\'Pro');
        L.invoice(c, '2026-11-09', 'rental', 20, 94500, 'Location écrans et pupitres - congrès du 5 au 7 novembre');
        break;
      }
    }
  }
  return L;
}

// ---------------------------------------------------------------------------------------------
// Numbering, lettering, FEC text

function assignRefs(L: LedgerBuilder): void {
  const number = <T extends { date: string; seq: number; ref: string }>(items: T[], prefix: string) => {
    const counters = new Map<string, number>();
    [...items].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq)).forEach((item) => {
      const year = item.date.slice(0, 4);
      const n = (counters.get(year) ?? 0) + 1;
      counters.set(year, n);
      item.ref = `${prefix}${year}-${String(n).padStart(4, '0')}`;
    });
  };
  number(L.pieces.filter((p) => p.kind === 'invoice'), 'FA');
  number(L.pieces.filter((p) => p.kind === 'credit'), 'AV');
  number(L.payments, 'RG');
  const bySeq = new Map(L.pieces.map((p) => [p.seq, p]));
  for (const p of L.pieces) p.label = p.label.replace(/\{ref:(\d+)\}/g, (_, s: string) => bySeq.get(Number(s))!.ref);
}

function letteringCode(n: number): string {
  const A = 'A'.charCodeAt(0);
  return String.fromCharCode(A + Math.floor(n / 26)) + String.fromCharCode(A + (n % 26));
}

function assignLettering(L: LedgerBuilder): void {
  const byCustomer = new Map<string, Group[]>();
  for (const g of L.groups) byCustomer.set(g.customer.aux, [...(byCustomer.get(g.customer.aux) ?? []), g]);
  for (const groups of byCustomer.values()) {
    groups
      .sort((a, b) => (a.dateLet < b.dateLet ? -1 : a.dateLet > b.dateLet ? 1 : a.pieces[0].seq - b.pieces[0].seq))
      .forEach((g, i) => (g.code = letteringCode(i)));
  }
}

function fecAmount(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

const VAT_ACCOUNTS: Record<string, [string, string]> = {
  '20': ['445710', 'TVA collectée 20 %'],
  '10': ['445711', 'TVA collectée 10 %'],
  '5.5': ['445712', 'TVA collectée 5,5 %'],
};

function paymentLabel(p: Payment): string {
  const name = p.customer.name;
  const refs = p.covers.map((c) => c.ref).join(' ');
  const how = { virement: 'Virement', cheque: `Chèque n° ${p.chequeNumber}`, lcr: 'LCR', prelevement: 'Prélèvement SEPA' }[p.method];
  if (p.kind === 'installment') return `${how} ${name} - échéance ${p.installment} - ${refs}`;
  if (p.kind === 'part') return `${how} ${name} - règlement partiel ${refs}`;
  return `${how} ${name} - ${refs}`;
}

function buildFec(L: LedgerBuilder): { text: string; lineCount: number } {
  type Line = Record<(typeof FEC_COLUMNS)[number], string>;
  const lines: Line[] = [];
  const line = (entry: { journal: 'VT' | 'BQ'; num: string; date: string; ref: string }, fields: Partial<Line>): void => {
    lines.push({
      JournalCode: entry.journal, JournalLib: entry.journal === 'VT' ? 'Ventes' : 'Banque', EcritureNum: entry.num, EcritureDate: fecDate(entry.date),
      CompteNum: '', CompteLib: '', CompAuxNum: '', CompAuxLib: '', PieceRef: entry.ref, PieceDate: fecDate(entry.date), EcritureLib: '',
      Debit: '0,00', Credit: '0,00', EcritureLet: '', DateLet: '', ValidDate: fecDate(entry.date), Montantdevise: '', Idevise: '', ...fields,
    });
  };
  const customerLine = (c: CustomerSpec, group: Group | null) => ({
    CompteNum: '411000', CompteLib: 'Clients', CompAuxNum: c.aux, CompAuxLib: c.name,
    EcritureLet: group?.code ?? '', DateLet: group ? fecDate(group.dateLet) : '',
  });
  const chronological = <T extends { date: string; ref: string }>(items: T[]) => [...items].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.ref < b.ref ? -1 : 1));

  chronological(L.pieces).forEach((p, i) => {
    const entry = { journal: 'VT' as const, num: `VT${String(i + 1).padStart(6, '0')}`, date: p.date, ref: p.ref };
    const invoice = p.kind === 'invoice';
    const dc = (amount: number, debit: boolean) => (debit ? { Debit: fecAmount(amount) } : { Credit: fecAmount(amount) });
    const what = invoice ? 'Facture' : 'Avoir';
    line(entry, { ...customerLine(p.customer, p.group), EcritureLib: `${what} ${p.ref} ${p.customer.name}`, ...dc(p.ttc, invoice) });
    const reverseCharge = p.vatRate === null ? ' - autoliquidation' : '';
    line(entry, { CompteNum: '706000', CompteLib: 'Prestations de services', EcritureLib: `${p.label}${reverseCharge}`, ...dc(p.ht, !invoice) });
    if (p.vatRate !== null) {
      const [account, label] = VAT_ACCOUNTS[String(p.vatRate)];
      line(entry, { CompteNum: account, CompteLib: label, EcritureLib: `${label} ${p.ref}`, ...dc(p.vat, !invoice) });
    }
  });
  chronological(L.payments).forEach((p, i) => {
    const entry = { journal: 'BQ' as const, num: `BQ${String(i + 1).padStart(6, '0')}`, date: p.date, ref: p.ref };
    const label = paymentLabel(p);
    line(entry, { CompteNum: '512000', CompteLib: 'Banque', EcritureLib: label, Debit: fecAmount(p.amount) });
    line(entry, { ...customerLine(p.customer, p.group), EcritureLib: label, Credit: fecAmount(p.amount) });
  });

  for (const l of lines) {
    for (const col of FEC_COLUMNS) if (/[\t\r\n]/.test(l[col])) throw new Error(`FEC field ${col} holds a tab or a line break: ${l[col]}`);
  }
  const rows = [FEC_COLUMNS.join('\t'), ...lines.map((l) => FEC_COLUMNS.map((c) => l[c]).join('\t'))];
  return { text: rows.map((r) => `${r}\r\n`).join(''), lineCount: lines.length };
}

// ---------------------------------------------------------------------------------------------
// company.json

type Intervention = DemoFixturesInput['dossiers'][number]['interventions'][number];
const todo = (type: Intervention['type'], label: string, dueDate: string, priority: number, comment: string | null = null): Intervention => ({
  type, label, dueDate, priority, state: 'todo', doneDate: null, result: null, comment,
});
const done = (type: Intervention['type'], label: string, dueDate: string, doneDate: string, result: string, priority = 500, comment: string | null = null): Intervention => ({
  type, label, dueDate, priority, state: 'done', doneDate, result, comment,
});
const skipped = (type: Intervention['type'], label: string, dueDate: string, priority: number, comment: string): Intervention => ({
  type, label, dueDate, priority, state: 'skipped', doneDate: null, result: null, comment,
});

interface DossierSpec {
  customer: string;
  status: string;
  startDate: string;
  priority: number;
  lossPercentage: number;
  disputeReason?: string;
  claimsDeclarationDeadline?: string;
  /** Collective procedure: date of the opening judgment and of its publication in the BODACC. */
  judgmentDate?: string;
  bodaccDate?: string;
  end?: { endDate: string; resolution: string; result: string };
  comment: (ctx: DossierContext) => string;
  interventions: (ctx: DossierContext) => Intervention[];
}
interface DossierContext {
  invoices: Piece[];
  total: string;
  refs: string;
  credits: Piece[];
}

const DOSSIERS: DossierSpec[] = [
  {
    customer: '411CHEVALIER', status: 'CONTENTIEUX', startDate: '2026-03-09', priority: 900, lossPercentage: 50,
    comment: (x) => `${x.invoices.length} factures impayées (${x.total} TTC). Gérant injoignable depuis avril ; mise en demeure sans effet. Dossier confié à Me Rigaud pour injonction de payer.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-03-09', '2026-03-09', 'Courrier envoyé'),
      done('call', 'Appel du gérant', '2026-03-23', '2026-03-24', 'Promesse de paiement au 15/04/2026, non tenue'),
      done('letter', 'Mise en demeure (LRAR)', '2026-05-04', '2026-05-04', 'LRAR distribuée le 07/05/2026, sans réponse', 700),
      done('legal', "Requête en injonction de payer - tribunal de commerce de Clermont-Ferrand", '2026-09-15', '2026-09-18', 'Requête déposée par Me Rigaud', 800),
      todo('legal', "Faire signifier l'ordonnance d'injonction de payer par commissaire de justice", '2026-11-18', 900, 'Ordonnance rendue le 02/11/2026'),
    ],
  },
  {
    customer: '411LAMBERT', status: 'CONTENTIEUX', startDate: '2026-01-12', priority: 850, lossPercentage: 50,
    comment: (x) => `Impayés depuis novembre 2025 (${x.total} TTC, acompte déduit). Le client invoque la perte de son principal donneur d'ordre. Assignation en paiement délivrée.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-01-12', '2026-01-12', 'Courrier envoyé'),
      done('call', 'Relance téléphonique', '2026-02-02', '2026-02-03', 'Difficultés de trésorerie, demande un délai'),
      done('letter', 'Mise en demeure (LRAR)', '2026-03-16', '2026-03-16', 'LRAR distribuée, sans réponse', 700),
      done('legal', 'Assignation en paiement devant le tribunal de commerce de Vienne', '2026-09-07', '2026-09-10', 'Audience fixée au 03/12/2026', 800),
      todo('task', "Transmettre à l'avocat les pièces pour l'audience du 03/12/2026", '2026-11-24', 850),
    ],
  },
  {
    customer: '411PERRIN', status: 'AMIABLE', startDate: '2026-04-06', priority: 600, lossPercentage: 20,
    comment: (x) => `Le client attend lui-même le règlement de son donneur d'ordre (chantier livré en retard). ${x.total} TTC ouverts, avoir de reprise déduit. Accord de principe pour un échéancier.`,
    interventions: () => [
      done('email', 'Relance par e-mail', '2026-04-06', '2026-04-06', 'Accusé de lecture reçu'),
      done('call', 'Appel de la comptable', '2026-04-20', '2026-04-21', 'Paiement annoncé après encaissement de son client'),
      done('visit', 'Rendez-vous avec le gérant à Chambéry', '2026-10-08', '2026-10-08', "Accord de principe pour 4 mensualités", 650),
      todo('letter', "Envoyer le projet d'échéancier à signer", '2026-11-16', 650),
      todo('task', "Vérifier l'encaissement de la 1re mensualité promise", '2026-11-22', 600),
    ],
  },
  {
    customer: '411LEROY', status: 'EN_COURS', startDate: '2026-10-19', priority: 500, lossPercentage: 0,
    comment: (x) => `Aucun règlement depuis l'automne 2025 malgré les relances du service comptable. ${x.invoices.length} factures échues, ${x.total} TTC.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-10-19', '2026-10-19', 'Courrier envoyé'),
      done('call', 'Relance téléphonique', '2026-11-02', '2026-11-03', 'Répondeur, message laissé'),
      todo('letter', 'Relance amiable n° 2', '2026-11-22', 500),
      todo('letter', 'Mise en demeure (LRAR)', '2026-12-07', 600),
    ],
  },
  {
    customer: '411PRIMEURS', status: 'AMIABLE', startDate: '2026-05-11', priority: 550, lossPercentage: 0,
    comment: (x) => `Activité saisonnière, trésorerie tendue. ${x.total} TTC échus. Le client propose de régler en 4 mensualités à partir de décembre.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-05-11', '2026-05-11', 'Courrier envoyé'),
      done('call', 'Appel du dirigeant', '2026-05-26', '2026-05-27', 'Demande un échéancier après la saison'),
      skipped('letter', 'Relance amiable n° 2', '2026-06-08', 400, "Remplacée par l'appel du 27/05/2026"),
      done('email', "Envoi d'une proposition d'échéancier", '2026-10-12', '2026-10-13', 'Proposition envoyée'),
      todo('call', "Obtenir l'accord signé sur l'échéancier", '2026-11-20', 550),
    ],
  },
  {
    customer: '411IBERSUM', status: 'EN_COURS', startDate: '2026-06-15', priority: 450, lossPercentage: 0,
    comment: (x) => `Client espagnol (autoliquidation de la TVA). ${x.total} échus. Changement d'interlocuteur à la comptabilité ; factures à renvoyer.`,
    interventions: () => [
      done('email', 'Relance par e-mail (en espagnol)', '2026-06-15', '2026-06-15', 'Sans réponse'),
      done('call', 'Appel du service comptable', '2026-07-06', '2026-07-07', 'Ancienne interlocutrice partie ; nouveau contact : Marta Puig'),
      todo('email', 'Renvoyer les duplicatas des factures à Marta Puig', '2026-11-19', 450),
      todo('letter', 'Mise en demeure (LRAR internationale)', '2026-12-01', 500),
    ],
  },
  {
    customer: '411FONTAINE', status: 'REDRESSEMENT_JUDICIAIRE', startDate: '2026-09-21', priority: 950, lossPercentage: 50,
    claimsDeclarationDeadline: '2026-12-28', judgmentDate: '2026-10-14', bodaccDate: '2026-10-28',
    comment: (x) => `Redressement judiciaire ouvert le 14/10/2026 (tribunal de commerce de Lyon), publié au BODACC le 28/10/2026. Mandataire judiciaire : Me Carrel. Créance à déclarer : ${x.total} TTC.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-09-21', '2026-09-21', 'Courrier envoyé'),
      done('call', 'Appel du directeur financier', '2026-10-05', '2026-10-06', "Le client annonce une demande d'ouverture de procédure"),
      skipped('letter', 'Mise en demeure (LRAR)', '2026-10-19', 600, 'Poursuites individuelles suspendues par le jugement d\'ouverture'),
      done('task', 'Information du redressement judiciaire', '2026-10-29', '2026-10-29', 'Jugement du 14/10/2026, BODACC du 28/10/2026', 900),
      todo('legal', 'Envoi de la déclaration de créances', '2026-12-28', 950, 'Au mandataire judiciaire, en LRAR, avec les factures et le décompte'),
    ],
  },
  {
    customer: '411HOUDART', status: 'LIQUIDATION_JUDICIAIRE', startDate: '2026-04-13', priority: 700, lossPercentage: 100,
    claimsDeclarationDeadline: '2026-08-23', judgmentDate: '2026-06-10', bodaccDate: '2026-06-23',
    comment: (x) => `Liquidation judiciaire prononcée le 10/06/2026 (tribunal de commerce de Montluçon), BODACC du 23/06/2026. Liquidateur : Me Besson. Créance déclarée : ${x.total} TTC. Peu d'actifs.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-04-13', '2026-04-13', 'Courrier envoyé'),
      done('letter', 'Mise en demeure (LRAR)', '2026-05-11', '2026-05-12', 'LRAR distribuée', 600),
      done('task', 'Information de la liquidation judiciaire', '2026-06-24', '2026-06-24', 'Jugement du 10/06/2026, BODACC du 23/06/2026', 800),
      done('legal', 'Envoi de la déclaration de créances', '2026-08-23', '2026-07-08', 'Déclaration envoyée en LRAR au liquidateur', 900),
      todo('task', "Demander au liquidateur l'état des créances et les perspectives de répartition", '2026-11-30', 300),
    ],
  },
  {
    customer: '411TERREAUX', status: 'AMIABLE', startDate: '2026-10-12', priority: 500, lossPercentage: 0, disputeReason: 'PRIX_CONTESTE',
    comment: (x) => `Le client conteste le prix de la 2e tranche (devis de 2025 non actualisé selon lui). Avoir de 10 % émis (${x.credits.map((c) => c.ref).join(', ')}) ; il demande 25 %. Reste ${x.total} TTC.`,
    interventions: (x) => [
      done('call', 'Appel de la directrice', '2026-10-12', '2026-10-12', 'Conteste le prix de la 2e tranche'),
      done('task', "Proposer un avoir partiel de 10 %", '2026-10-19', '2026-10-20', `Avoir ${x.credits.map((c) => c.ref).join(', ')} émis`),
      todo('visit', "Rendez-vous à l'hôtel avec la directrice et le commercial", '2026-11-25', 500),
    ],
  },
  {
    customer: '411QUINTIN', status: 'EN_COURS', startDate: '2026-10-05', priority: 400, lossPercentage: 0, disputeReason: 'LIVRAISON_INCOMPLETE',
    comment: (x) => `Deux abris sur cinq non livrés selon le client, qui a réglé 60 %. Reste ${x.total} TTC, à rapprocher du bon de livraison.`,
    interventions: () => [
      done('email', 'Relance par e-mail', '2026-10-05', '2026-10-05', 'Le client signale une livraison incomplète'),
      todo('task', "Vérifier le bon de livraison signé avec l'entrepôt", '2026-11-18', 450),
      todo('call', 'Rappeler le client après vérification', '2026-11-27', 400),
    ],
  },
  {
    customer: '411RIVOIRE', status: 'EN_COURS', startDate: '2026-11-02', priority: 300, lossPercentage: 0,
    comment: (x) => `Retards répétés. ${x.invoices.length} factures échues (${x.total} TTC), un acompte reçu.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-11-02', '2026-11-02', 'Courrier envoyé'),
      todo('call', 'Relance téléphonique', '2026-11-16', 300),
      todo('email', 'Relance par e-mail avec relevé de compte', '2026-11-22', 300),
    ],
  },
  {
    customer: '411BIODIST', status: 'AMIABLE', startDate: '2026-09-14', priority: 350, lossPercentage: 0,
    comment: (x) => `Client régulier mais lent. Promesse de paiement du 30/10/2026 non tenue. ${x.total} TTC échus.`,
    interventions: () => [
      done('call', 'Relance téléphonique', '2026-09-14', '2026-09-15', 'Promesse de paiement au 30/10/2026'),
      done('task', 'Contrôler le respect de la promesse de paiement', '2026-11-02', '2026-11-02', 'Promesse non tenue'),
      todo('sms', 'SMS de rappel au gérant', '2026-11-22', 350),
      todo('letter', 'Mise en demeure (LRAR)', '2026-12-04', 450),
    ],
  },
  {
    customer: '411DUPONT', status: 'EN_COURS', startDate: '2026-10-26', priority: 250, lossPercentage: 0,
    comment: (x) => `${x.invoices.length} factures échues (${x.total} TTC). Client historiquement lent mais solvable.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-10-26', '2026-10-26', 'Courrier envoyé'),
      todo('call', 'Relance téléphonique', '2026-11-20', 250),
      todo('letter', 'Relance amiable n° 2', '2026-12-07', 250),
    ],
  },
  {
    customer: '411MARCHAL', status: 'TERMINE', startDate: '2026-06-15', priority: 400, lossPercentage: 0,
    end: { endDate: '2026-09-30', resolution: 'PAIEMENT_INTEGRAL', result: 'RECOUVRE' },
    comment: (x) => `Trois factures de février à avril 2026 (${x.total} TTC) réglées en une fois le 25/09/2026 après mise en demeure.`,
    interventions: () => [
      done('letter', 'Relance amiable n° 1', '2026-06-15', '2026-06-15', 'Courrier envoyé'),
      done('call', 'Relance téléphonique', '2026-07-01', '2026-07-02', 'Promesse de paiement fin juillet, non tenue'),
      done('letter', 'Mise en demeure (LRAR)', '2026-09-01', '2026-09-01', 'Règlement reçu le 25/09/2026', 700),
      skipped('legal', 'Transmission au service contentieux', '2026-10-05', 800, 'Dossier soldé'),
    ],
  },
  {
    customer: '411URBAN', status: 'TERMINE', startDate: '2026-05-18', priority: 300, lossPercentage: 0,
    end: { endDate: '2026-10-20', resolution: 'ECHEANCIER_RESPECTE', result: 'RECOUVRE' },
    comment: (x) => `Aménagement du 2e étage (${x.total} TTC) réglé en 4 mensualités de juillet à octobre 2026, toutes honorées.`,
    interventions: () => [
      done('call', 'Relance téléphonique', '2026-05-18', '2026-05-18', 'Demande un échéancier en 4 fois'),
      done('letter', "Envoi de l'accord d'échéancier à signer", '2026-06-22', '2026-06-22', 'Accord signé reçu le 30/06/2026'),
      done('task', 'Contrôle échéance 1/4', '2026-07-15', '2026-07-16', 'Encaissée'),
      done('task', 'Contrôle échéance 4/4', '2026-10-15', '2026-10-16', 'Encaissée, dossier soldé'),
    ],
  },
];

function legalEntity(prng: Prng, spec: { name: string; legalForm: CustomerSpec['legalForm']; postalCode: string; city: string; country?: Country; address?: string; phonePrefix?: string }) {
  const country = spec.country ?? 'FR';
  const french = country === 'FR';
  const sirenDigits = french ? siren(prng) : null;
  const vatNumber = sirenDigits ? frenchVatNumber(sirenDigits) : country === 'BE' ? belgianVatNumber(prng) : country === 'ES' ? spanishVatNumber(prng) : germanVatNumber(prng);
  const address = spec.address ?? (prng.chance(0.4) ? `${prng.pick(PARKS)}, ${prng.int(1, 40)} ${prng.pick(STREETS)}` : `${prng.int(1, 148)} ${prng.pick(STREETS)}`);
  const phone = french ? frenchPhone(prng, spec.postalCode) : `${spec.phonePrefix} ${prng.digits(3)} ${prng.digits(2)} ${prng.digits(2)}`;
  return { name: spec.name, legalForm: spec.legalForm, address, postalCode: spec.postalCode, city: spec.city, country, siren: sirenDigits, vatNumber, phone };
}

function buildCompany(prng: Prng, L: LedgerBuilder): DemoFixturesInput {
  const company = {
    code: 'ATLAS',
    ...legalEntity(prng, { name: 'Atlas Équipements', legalForm: 'SAS', postalCode: '69800', city: 'Saint-Priest', address: '18 allée des Frères Lumière' }),
    phone: '04 65 71 20 00',
    email: 'comptabilite@atlas-equipements.example',
    subsidiaries: [{
      code: 'FILIALE',
      ...legalEntity(prng, { name: 'Atlas Équipements Sud', legalForm: 'SAS', postalCode: '84000', city: 'Avignon', address: '5 rue du Grand Gigognan' }),
      phone: '04 65 71 30 00',
      email: 'contact@atlas-equipements-sud.example',
    }],
  };

  const customers = CUSTOMERS.map((c, i) => {
    const domain = c.domain ?? `${slug(c.name)}.example`;
    const entity = legalEntity(prng, c);
    const people = c.contacts ?? Array.from({ length: prng.int(1, 2) }, () => {
      const [firstName, gender] = prng.pick(FIRST_NAMES);
      const [masculine, feminine] = prng.pick(JOB_TITLES);
      return { firstName, lastName: prng.pick(LAST_NAMES), jobTitle: gender === 'f' ? feminine : masculine };
    });
    const contacts = people.map((p, j) => ({
      ...p,
      phone: entity.country === 'FR' ? frenchPhone(prng, c.postalCode, j > 0 || prng.chance(0.3)) : `${c.phonePrefix} ${prng.digits(3)} ${prng.digits(2)} ${prng.digits(2)}`,
      email: `${emailLocal(p.firstName, p.lastName)}@${domain}`,
    }));
    return {
      auxiliaryAccount: c.aux,
      ...entity,
      email: `comptabilite@${domain}`,
      riskCode: RISK_BY_PROFILE[c.profile],
      controller: CONTROLLERS[i % CONTROLLERS.length].code,
      paymentTermsDays: c.terms,
      paymentTermsEndOfMonth: c.endOfMonth ?? false,
      contacts,
    };
  });
  const customerByAux = new Map(customers.map((c) => [c.auxiliaryAccount, c]));

  const dueDates: Record<string, string> = {};
  for (const p of [...L.pieces].sort((a, b) => (a.ref < b.ref ? -1 : 1))) dueDates[p.ref] = p.dueDate;

  const dossiers = DOSSIERS.map((d, i) => {
    const customer = customerByAux.get(d.customer);
    if (!customer) throw new Error(`dossier on unknown customer ${d.customer}`);
    const own = L.pieces.filter((p) => p.customer.aux === d.customer).sort((a, b) => a.seq - b.seq);
    const invoices = d.end
      ? own.filter((p) => p.kind === 'invoice' && p.recovered)
      : own.filter((p) => p.kind === 'invoice' && p.group === null && p.dueDate < DEMO_TODAY);
    const credits = own.filter((p) => p.kind === 'credit' && p.group === null && invoices.includes(p.relatesTo!));
    if (invoices.length === 0) throw new Error(`dossier on ${d.customer} covers no invoice`);
    const paidOn = (inv: Piece) => L.payments.filter((p) => p.group === null && p.covers.includes(inv)).reduce((s, p) => s + p.amount, 0);
    const owed = d.end
      ? invoices.reduce((s, p) => s + p.ttc, 0)
      : invoices.reduce((s, p) => s + p.ttc - paidOn(p), 0) - credits.reduce((s, p) => s + p.ttc, 0);
    const ctx: DossierContext = { invoices, credits, total: formatMoney(owed).replace(/[\u00a0\u202f]/g, ' '), refs: invoices.map((p) => p.ref).join(', ') };
    return {
      number: i + 1,
      customer: d.customer,
      status: d.status,
      controller: customer.controller,
      startDate: d.startDate,
      priority: d.priority,
      lossPercentage: d.lossPercentage,
      riskCode: customer.riskCode,
      disputeReason: d.disputeReason ?? null,
      comment: d.comment(ctx),
      creditorReference: `ATL-REC-${d.startDate.slice(0, 4)}-${String(i + 1).padStart(3, '0')}`,
      claimsDeclarationDeadline: d.claimsDeclarationDeadline ?? null,
      judgmentDate: d.judgmentDate ?? null,
      bodaccDate: d.bodaccDate ?? null,
      // Amicable dossiers follow a shipped scenario (scenarios/*.json): key accounts (R3) the longer one.
      scenario: d.status === 'EN_COURS' || d.status === 'AMIABLE' ? (customer.riskCode === 'R3' ? 'grands-comptes' : 'standard-b2b') : null,
      pieceRefs: invoices.map((p) => p.ref),
      endDate: d.end?.endDate ?? null,
      resolution: d.end?.resolution ?? null,
      result: d.end?.result ?? null,
      interventions: d.interventions(ctx),
    };
  });

  return {
    company,
    statuses: [
      { code: 'EN_COURS', label: 'En cours', kind: 'open', proposedLossPercentage: null },
      { code: 'AMIABLE', label: 'Amiable', kind: 'open', proposedLossPercentage: null },
      { code: 'CONTENTIEUX', label: 'Contentieux', kind: 'open', proposedLossPercentage: 50, requiresApproval: true },
      { code: 'REDRESSEMENT_JUDICIAIRE', label: 'Redressement judiciaire', kind: 'legal', proposedLossPercentage: 50 },
      { code: 'LIQUIDATION_JUDICIAIRE', label: 'Liquidation judiciaire', kind: 'legal', proposedLossPercentage: 100 },
      { code: 'SAUVEGARDE', label: 'Sauvegarde', kind: 'legal', proposedLossPercentage: 25 },
      { code: 'TERMINE', label: 'Terminé', kind: 'closed', proposedLossPercentage: null },
    ],
    riskCodes: [
      { code: 'R1', label: 'Risque faible' },
      { code: 'R2', label: 'Risque modéré' },
      { code: 'R3', label: 'Risque élevé' },
      { code: 'R4', label: 'Procédure collective' },
    ],
    disputeReasons: [
      { code: 'FACTURE_CONTESTEE', label: 'Facture contestée' },
      { code: 'LIVRAISON_INCOMPLETE', label: 'Livraison incomplète' },
      { code: 'PRODUIT_DEFECTUEUX', label: 'Produit défectueux' },
      { code: 'PRIX_CONTESTE', label: 'Prix contesté' },
      { code: 'FACTURE_NON_RECUE', label: 'Facture non reçue' },
      { code: 'DIFFICULTES_FINANCIERES', label: 'Difficultés financières' },
    ],
    resolutions: [
      { code: 'PAIEMENT_INTEGRAL', label: 'Paiement intégral' },
      { code: 'PAIEMENT_PARTIEL', label: 'Paiement partiel' },
      { code: 'ECHEANCIER_RESPECTE', label: 'Échéancier respecté' },
      { code: 'AVOIR_EMIS', label: 'Avoir émis' },
      { code: 'PASSAGE_EN_PERTE', label: 'Passage en perte' },
      { code: 'PROCEDURE_CLOTUREE', label: 'Procédure collective clôturée' },
    ],
    results: [
      { code: 'RECOUVRE', label: 'Recouvré' },
      { code: 'PARTIEL', label: 'Partiellement recouvré' },
      { code: 'PERDU', label: 'Perdu', lost: true },
    ],
    creditControllers: CONTROLLERS,
    companyContacts: [
      { firstName: 'Claire', lastName: 'Dumas', jobTitle: 'Directrice administrative et financière', phone: '04 65 71 20 10', email: 'claire.dumas@atlas-equipements.example' },
      { firstName: 'Julien', lastName: 'Moreau', jobTitle: 'Juriste', phone: '04 65 71 20 12', email: 'julien.moreau@atlas-equipements.example' },
      { firstName: 'Isabelle', lastName: 'Roche', jobTitle: 'Comptable clients', phone: '04 65 71 20 15', email: 'isabelle.roche@atlas-equipements.example' },
      { firstName: 'Marc', lastName: 'Aubry', jobTitle: 'Directeur commercial', phone: '06 39 98 20 18', email: 'marc.aubry@atlas-equipements.example' },
    ],
    customers,
    dueDates,
    dossiers,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

export interface DemoStats {
  customers: number;
  lines: number;
  invoices: number;
  creditNotes: number;
  payments: number;
  openItems: number;
  openInvoices: number;
  overdueInvoices: number;
  /** Overdue invoices, less the part payments made on them, in cents. */
  overdueCents: number;
  dossiersByStatus: Record<string, number>;
  interventionsByState: Record<string, number>;
}

export function buildDemoFixtures(): { fec: string; companyJson: string; company: DemoFixturesInput; stats: DemoStats } {
  const prng = new Prng(SEED);
  const ledger = buildLedger(prng);
  assignRefs(ledger);
  assignLettering(ledger);
  const { text: fec, lineCount } = buildFec(ledger);
  const company = buildCompany(prng, ledger);
  demoFixturesSchema.parse(company); // fail here rather than on first start

  const count = <T>(items: T[], key: (t: T) => string) =>
    items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});
  const openPieces = ledger.pieces.filter((p) => p.group === null);
  const openPayments = ledger.payments.filter((p) => p.group === null);
  const overdue = openPieces.filter((p) => p.kind === 'invoice' && p.dueDate < DEMO_TODAY);
  const overdueCents = overdue.reduce((s, inv) => s + inv.ttc - openPayments.filter((p) => p.covers.includes(inv)).reduce((t, p) => t + p.amount, 0), 0);
  const stats: DemoStats = {
    customers: CUSTOMERS.length,
    lines: lineCount,
    invoices: ledger.pieces.filter((p) => p.kind === 'invoice').length,
    creditNotes: ledger.pieces.filter((p) => p.kind === 'credit').length,
    payments: ledger.payments.length,
    openItems: openPieces.length + openPayments.length,
    openInvoices: openPieces.filter((p) => p.kind === 'invoice').length,
    overdueInvoices: overdue.length,
    overdueCents,
    dossiersByStatus: count(company.dossiers, (d) => d.status),
    interventionsByState: count(company.dossiers.flatMap((d) => d.interventions), (i) => i.state),
  };
  return { fec, companyJson: `${JSON.stringify(company, null, 2)}\n`, company, stats };
}

export const DEMO_FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'demo');

function main(): void {
  const { fec, companyJson, stats } = buildDemoFixtures();
  mkdirSync(DEMO_FIXTURES_DIR, { recursive: true });
  writeFileSync(path.join(DEMO_FIXTURES_DIR, 'ledger.fec.txt'), fec, 'utf8');
  writeFileSync(path.join(DEMO_FIXTURES_DIR, 'company.json'), companyJson, 'utf8');
  console.log(JSON.stringify({ ...stats, overdue: formatMoney(stats.overdueCents) }, null, 2));
}

if (require.main === module) main();
