/**
 * The OpenAPI 3.1 document of /api/v1, written as a typed object whose schemas are generated from
 * the zod schemas the routes validate with. A test checks that its paths and methods are exactly the
 * router's, and validates real responses against it.
 */
import { z } from 'zod';
import {
  dossierDetailOutput, dossierListOutput, dossierListQuery, journalListOutput, journalQuery, ledgerPostInput, ledgerPostOutput, letteringInput,
  letteringOutput, problemOutput, invoiceStatusInput, invoiceStatusOutput, thirdPartyDetailOutput, thirdPartyInput, thirdPartyOutput,
} from './api.schemas';

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
  paths: Record<string, Partial<Record<'get' | 'put' | 'post' | 'delete' | 'patch', Operation>>>;
}

const strip = ({ $schema: _ignored, ...rest }: JsonSchema) => rest;
const output = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema);
const input = (schema: z.ZodType): JsonSchema => strip(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema);

/** Query parameters from a zod object, one by one. */
function queryParameters(schema: z.ZodObject): Parameter[] {
  const json = input(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, s]) => ({
    name, in: 'query' as const, required: (json.required ?? []).includes(name), ...(typeof s.description === 'string' ? { description: s.description } : {}), schema: s,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const readProblems = { '401': problem('Missing, unknown or revoked API key.'), '422': problem('Invalid parameter: errors[].field names it.') };
const writeProblems = {
  ...readProblems,
  '400': problem('The body is not valid JSON.'),
  '403': problem('The key is read only.'),
  '409': problem('Idempotency-Key reused with another request, or externalId reused with another content.'),
  '415': problem('The body is not application/json.'),
  '422': problem('Invalid body: errors[].field is the JSON pointer of each value at fault. Nothing was written.'),
};
const idempotencyKey: Parameter = {
  name: 'Idempotency-Key', in: 'header', required: false,
  description: 'Any printable ASCII string up to 200 characters, unique per request you mean. A replay with the same body returns the first response (header Idempotent-Replayed: true); with another body, 409.',
  schema: { type: 'string', maxLength: 200 },
};
const replayed = { 'Idempotent-Replayed': { description: 'Present (true) when this is the stored response of an earlier request with the same Idempotency-Key.', schema: { type: 'string' } } };
const auxiliaryAccount: Parameter = { name: 'auxiliaryAccount', in: 'path', required: true, description: 'Auxiliary account of the customer, e.g. 411DUPONT.', schema: { type: 'string', maxLength: 40 } };

export function openApiDocument(basePath: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Recouvrement — API for the host ERP',
      version: '1.0.0',
      description:
        'Feed the debt-recovery module with customers, ledger lines and lettering; read its dossiers and pull the journal entries it generated.\n\n' +
        '* Authentication: `Authorization: Bearer <key>`; an administrator creates keys in the module (API keys page). A key acts for one company; a read-only key cannot write.\n' +
        '* Amounts are **integer cents** (1 933,79 € is `193379`); business dates are `YYYY-MM-DD`; timestamps ISO-8601 UTC.\n' +
        '* Errors are `application/problem+json` (RFC 9457) with `code` and `errors[]` of `{ field, message }`: `field` is a JSON pointer into the body (`/lines/3/debit`), or the name of the parameter at fault. Messages follow Accept-Language (fr by default, en).\n' +
        '* Writes are all-or-nothing and idempotent: by `Idempotency-Key`, and for ledger lines by their `externalId`.\n' +
        '* Lists page with opaque cursors.',
    },
    servers: [{ url: `${basePath}/api/v1` }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created by an administrator of the module.' } },
      schemas: {
        Problem: output(problemOutput),
        ThirdParty: output(thirdPartyOutput),
        ThirdPartyInput: input(thirdPartyInput),
        ThirdPartyDetail: output(thirdPartyDetailOutput),
        LedgerPost: input(ledgerPostInput),
        LedgerPostResult: output(ledgerPostOutput),
        LetteringUpdate: input(letteringInput),
        LetteringResult: output(letteringOutput),
        DossierPage: output(dossierListOutput),
        DossierDetail: output(dossierDetailOutput),
        JournalEntryPage: output(journalListOutput),
        InvoiceStatusInput: input(invoiceStatusInput),
        InvoiceStatus: output(invoiceStatusOutput),
      },
    },
    paths: {
      '/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument', summary: 'This document (no key needed)', tags: ['meta'], security: [],
          responses: { '200': { description: 'The OpenAPI document.', content: json({ type: 'object' }) } },
        },
      },
      '/third-parties/{auxiliaryAccount}': {
        put: {
          operationId: 'upsertThirdParty', summary: 'Create or replace a customer', tags: ['third parties'],
          parameters: [auxiliaryAccount, idempotencyKey],
          requestBody: { required: true, content: json(ref('ThirdPartyInput')) },
          responses: {
            '200': { description: 'Updated (or unchanged).', headers: replayed, content: json(ref('ThirdParty')) },
            '201': { description: 'Created.', headers: replayed, content: json(ref('ThirdParty')) },
            ...writeProblems,
          },
        },
        get: {
          operationId: 'getThirdParty', summary: 'A customer with its balance and open items', tags: ['third parties'],
          parameters: [auxiliaryAccount],
          responses: { '200': { description: 'The customer.', content: json(ref('ThirdPartyDetail')) }, '404': problem('No such customer.'), ...readProblems },
        },
      },
      '/ledger-entries': {
        post: {
          operationId: 'postLedgerEntries', summary: 'Post ledger lines', tags: ['ledger'],
          description: 'One transaction: a batch with one bad line writes nothing.',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('LedgerPost')) },
          responses: {
            '200': { description: 'Every line already existed with the same content: nothing changed.', headers: replayed, content: json(ref('LedgerPostResult')) },
            '201': { description: 'Lines created.', headers: replayed, content: json(ref('LedgerPostResult')) },
            ...writeProblems,
          },
        },
      },
      '/lettering': {
        post: {
          operationId: 'updateLettering', summary: 'Set or remove the lettering of ledger lines', tags: ['ledger'],
          description: 'A lettered customer line is no longer an open item. One transaction for the batch.',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('LetteringUpdate')) },
          responses: { '200': { description: 'Lettering applied.', headers: replayed, content: json(ref('LetteringResult')) }, ...writeProblems },
        },
      },
      '/invoice-statuses': {
        post: {
          operationId: 'postInvoiceStatus', summary: 'Report an e-invoicing lifecycle status of an invoice', tags: ['e-invoicing'],
          description: 'The statuses of the French e-invoicing reform (DGFiP external specifications, codes 200–214). 207 En litige and 210 Refusée open a dispute on the invoice, which pauses its reminders; 212 Encaissée records a payment received directly, matched later with the ledger; every status is in the dossier\'s Chrono and shown with the invoice. The same code on the same date for the same invoice is recorded once (200, nothing more done).',
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(ref('InvoiceStatusInput')) },
          responses: {
            '200': { description: 'Already recorded: nothing changed.', headers: replayed, content: json(ref('InvoiceStatus')) },
            '201': { description: 'Recorded, with its effect.', headers: replayed, content: json(ref('InvoiceStatus')) },
            '404': problem('No customer invoice with this reference.'),
            ...writeProblems,
          },
        },
      },
      '/dossiers': {
        get: {
          operationId: 'listDossiers', summary: 'Dossiers with their amounts, a page at a time', tags: ['dossiers'],
          parameters: queryParameters(dossierListQuery),
          responses: { '200': { description: 'A page of dossiers, by creation order.', content: json(ref('DossierPage')) }, ...readProblems },
        },
      },
      '/dossiers/{number}': {
        get: {
          operationId: 'getDossier', summary: 'A dossier with its amounts, entries and interventions', tags: ['dossiers'],
          parameters: [{ name: 'number', in: 'path', required: true, description: 'The dossier number.', schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': { description: 'The dossier.', content: json(ref('DossierDetail')) }, '404': problem('No such dossier.'), ...readProblems },
        },
      },
      '/journal-entries': {
        get: {
          operationId: 'pullJournalEntries', summary: 'The journal entries the module generated since a cursor', tags: ['journal'],
          description: 'Oldest first. Store nextCursor and pass it as since on the next pull; keep pulling while hasMore is true.',
          parameters: queryParameters(journalQuery),
          responses: { '200': { description: 'Journal entries with their lines.', content: json(ref('JournalEntryPage')) }, ...readProblems },
        },
      },
    },
  };
}
