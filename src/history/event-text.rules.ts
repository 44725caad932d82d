/**
 * The words of a Chrono line, in the user's language: one function read by the Chrono tab, the
 * history CSV of the dossier's zip and every export, so none of them shows a raw event code or a
 * `{placeholder}` left unfilled. Events written by older versions may lack a detail: the sentence
 * then drops it rather than print its name.
 */
import type { Formatter } from '../shared/i18n';

export interface EventLike {
  type: string;
  details: Record<string, unknown> | null | undefined;
}

type Params = Record<string, unknown>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** A translated sentence whose unfilled placeholders are dropped, with the empty brackets and dangling separators they leave. */
export function fillSentence(fmt: Formatter, key: string, params: Params): string {
  return tidy(fmt.t(key, params).replace(/\{\w+\}/g, ''));
}

/** Removes what a missing value leaves behind: `()`, `« »`, ` : ` at the end, doubled spaces. */
export function tidy(sentence: string): string {
  return sentence
    .replace(/\(\s*\)|«\s*»|“\s*”/g, '')
    .replace(/\s+([,)])/g, '$1')
    .replace(/\s*(?:[:—–-]|\u00a0:)\s*$/u, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A status label as one level of brackets: `Terminé (payé)` stays; `Terminé (payé (total))` becomes `Terminé – payé, total`. */
export function statusText(label: unknown): string {
  const s = text(label);
  const depth = [...s].reduce((acc, c) => ({ cur: acc.cur + (c === '(' ? 1 : c === ')' ? -1 : 0), max: Math.max(acc.max, acc.cur + (c === '(' ? 1 : 0)) }), { cur: 0, max: 0 }).max;
  if (depth < 2) return s;
  return s.replace(/\s*\(/, ' – ').replace(/\s*\(/g, ', ').replace(/\)/g, '').trim();
}

/** The event type in words (`planCreated` → `Accord de paiement`). */
export function eventTypeLabel(fmt: Formatter, type: string): string {
  const key = `history.types.${type}`;
  const label = fmt.t(key);
  return label === key ? type : label;
}

function showValue(fmt: Formatter, format: unknown, value: unknown): string {
  if (value === null || value === undefined || value === '') return fmt.t('common.none');
  if (format === 'date') return fmt.date(String(value));
  if (format === 'percent') return fmt.percent(Number(value));
  if (format === 'money') return fmt.money(Number(value));
  return String(value);
}

function interventionKind(fmt: Formatter, kind: unknown): string {
  return kind ? fmt.t(`interventions.types.${text(kind)}`) : '';
}

/** The Chrono sentence of one event. */
export function describeEvent(fmt: Formatter, e: EventLike): string {
  const x: Params = e.details ?? {};
  const key = `history.events.${e.type}`;
  const t = fmt.t;
  switch (e.type) {
    case 'fieldChanged':
      return `${fillSentence(fmt, key, { field: t(`dossiers.fields.${text(x.field)}`) })}${colon(fmt)}${showValue(fmt, x.format, x.before)} → ${showValue(fmt, x.format, x.after)}`;
    case 'riskCodeChanged':
      return `${fillSentence(fmt, key, { customer: x.customer })}${colon(fmt)}${showValue(fmt, 'text', x.before)} → ${showValue(fmt, 'text', x.after)}`;
    case 'entryLinked':
    case 'entryUnlinked':
      return fillSentence(fmt, key, { ref: x.pieceRef ?? x.ref, label: x.label });
    case 'interventionAdded':
    case 'interventionDone':
    case 'interventionSkipped': {
      const extra = [x.result, x.reason].filter((v) => text(v) !== '').map((v) => ` — ${text(v)}`).join('');
      return `${fillSentence(fmt, key, { type: interventionKind(fmt, x.kind), label: x.label })}${extra}${x.comment ? ` (${text(x.comment)})` : ''}`;
    }
    case 'contactAdded':
    case 'contactEdited': {
      const changes = Array.isArray(x.changes) ? (x.changes as Params[]) : [];
      const rest = changes.map((c) => `; ${t(`contacts.fields.${text(c.field)}`)}${colon(fmt)}${showValue(fmt, 'text', c.before)} → ${showValue(fmt, 'text', c.after)}`).join('');
      return `${fillSentence(fmt, key, { kind: x.kind ? t(`contacts.kinds.${text(x.kind)}`) : '', name: x.name })}${rest}`;
    }
    case 'scenarioStepRaised':
    case 'scenarioStepSkipped':
    case 'closureProposed':
      return `${fillSentence(fmt, key, { scenario: x.scenarioName ?? x.scenario, label: x.label, dueDate: fmt.date(text(x.dueDate)), kind: interventionKind(fmt, x.kind) })}${x.reason ? ` — ${text(x.reason)}` : ''}`;
    case 'scenarioLossChanged':
      return `${t(key)}${colon(fmt)}${fmt.percent(Number(x.from ?? 0))} → ${fmt.percent(Number(x.to ?? 0))}`;
    case 'scenarioStatusChanged':
    case 'scenarioAssigned':
      return `${t(key)}${colon(fmt)}${showValue(fmt, 'text', statusText(x.from))} → ${showValue(fmt, 'text', statusText(x.to))}`;
    case 'scenarioSuspended':
    case 'scenarioResumed':
      return fillSentence(fmt, key, { scenario: x.scenarioName ?? x.scenario });
    case 'scenarioRestarted':
      return fillSentence(fmt, key, { scenario: x.scenarioName ?? x.scenario, occurrence: x.occurrence, date: fmt.date(text(x.restartedAt)) });
    case 'statusChanged': {
      const p = { ...x, from: statusText(x.from), to: statusText(x.to) };
      const detail = x.kind === 'closed' || x.kind === 'legal' ? ` — ${fillSentence(fmt, `statusChanges.chrono.${text(x.kind)}`, p)}` : '';
      return `${fillSentence(fmt, key, p)}${detail === ' — ' ? '' : detail}${x.comment ? ` (${text(x.comment)})` : ''}`;
    }
    case 'dossierReopened':
    case 'statusChangeRequested':
      return fillSentence(fmt, key, { ...x, from: statusText(x.from), to: statusText(x.to) });
    case 'financialElementAdded':
      return fillSentence(fmt, key, { ...x, kind: x.kind ? t(`account.kinds.${text(x.kind)}`) : '' });
    case 'customerCommunication':
      return fillSentence(fmt, key, { ...x, channel: interventionKind(fmt, x.channel), tone: x.level ? t(`history.communicationLevels.${text(x.level)}`) : '' });
    case 'created':
      return fillSentence(fmt, key, { number: x.number, customer: x.customer, status: statusText(x.status) });
    // Issue 15 (promises, disputes, debtor page): their dates and codes in words.
    case 'promiseRecorded':
    case 'promiseKept':
    case 'promiseBroken':
    case 'disputeOpened':
    case 'disputeResolved':
    case 'debtorAnswered':
    case 'debtorLinkRevoked':
      return fillSentence(fmt, key, {
        ...x,
        what: x.what || t('disputes.wholeDossier'),
        resolution: x.resolution ? t(`disputes.resolutions.${text(x.resolution)}`) : '',
        channel: x.channel ? t(`promises.channels.${text(x.channel)}`) : '',
        promisedDate: x.promisedDate ? fmt.date(text(x.promisedDate)) : '',
        pauseUntil: x.pauseUntil ? fmt.date(text(x.pauseUntil)) : '',
        dueDate: x.dueDate ? fmt.date(text(x.dueDate)) : '',
      });
    // Issue 16 (injonction de payer, prescription, BODACC, e-invoicing, hand-off): their dates in the user's format.
    case 'paymentOrderFiled':
    case 'paymentOrderOrdered':
    case 'paymentOrderRejected':
    case 'paymentOrderServed':
    case 'paymentOrderOpposed':
    case 'prescriptionInterrupted':
    case 'prescriptionAlert':
    case 'bodaccNotice':
    case 'eInvoiceStatus':
    case 'dossierEntrusted':
    case 'handoffEnded':
    case 'handoffEndedOnClosure':
      return fillSentence(fmt, key, {
        ...x,
        date: x.date ? fmt.date(text(x.date)) : '',
        publicationDate: x.publicationDate ? fmt.date(text(x.publicationDate)) : '',
      });
    default:
      return fillSentence(fmt, key, x);
  }
}

/** ` : ` in French, `: ` in English. */
export function colon(fmt: Formatter): string {
  return fmt.colon;
}
