// STANDING IN UNTIL THE STORE IMPLEMENTS `RequestLife`: requests kept in this process's memory,
// for the status routes' tests only. It does what the store's transaction will do (apply with
// the status model, remember the webhook-id with the answer given), without durability.
import type { ApplyOutcome, RequestLife, RequestView } from '../requests/request-life.ts';
import { applyStatusEvent, legalDates, newRequest, statusOf, type LegalTerms, type RequestRecord } from '../requests/status.ts';

export interface MemoryRequestLife extends RequestLife {
  /** Registers a request as sent to these back-office routes. */
  add(reference: string, terms: LegalTerms, registeredAt: Date, routes: string[]): void;
  record(reference: string): RequestRecord | undefined;
}

/** @example const life = memoryRequestLife(); life.add('K7QD-4MZ9', SVA, new Date(), ['street-app']); */
export function memoryRequestLife(): MemoryRequestLife {
  const requests = new Map<string, { record: RequestRecord; routes: Set<string> }>();
  const seen = new Map<string, { fingerprint: string; request: RequestView }>();
  const view = (reference: string, record: RequestRecord): RequestView => ({
    reference,
    status: statusOf(record),
    history: [...record.history],
    dates: legalDates(record),
  });
  return {
    add(reference, terms, registeredAt, routes) {
      requests.set(reference, { record: newRequest(terms, registeredAt), routes: new Set(routes) });
    },
    record: (reference) => requests.get(reference)?.record,
    async applyEvent(reference, event, source, at): Promise<ApplyOutcome> {
      const request = requests.get(reference);
      if (!request || (source.kind === 'back-office' && !request.routes.has(source.route))) return { outcome: 'not-found' };
      const key = source.kind === 'back-office' ? `${source.route}\u0000${source.webhookId}` : undefined;
      const before = key ? seen.get(key) : undefined;
      if (before && source.kind === 'back-office')
        return before.fingerprint === source.fingerprint ? { outcome: 'replayed', request: before.request } : { outcome: 'id-reused' };
      const result = applyStatusEvent(request.record, event, at);
      if (!result.ok) return { outcome: 'refused', refusal: result.refusal };
      request.record = result.record;
      const answer = view(reference, result.record);
      if (key && source.kind === 'back-office') seen.set(key, { fingerprint: source.fingerprint, request: answer });
      return { outcome: 'applied', request: answer };
    },
  };
}
