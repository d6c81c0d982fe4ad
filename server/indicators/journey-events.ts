// POST /api/indicators/events: a kiosk's reports of ended journeys and of the question after
// sending, in batches from its outbox. Only the documented shape is taken (422 otherwise): closed
// lists and counts, no answer, no person, no free text. A batch speaks for one terminal at one
// site; a terminal whose heartbeat named another site is refused, so no batch adds to another
// site's counts. The reports are added to day counts at once and kept no other way.
import { Hono } from 'hono';
import { z } from 'zod';
import { todayIn, type Content } from '../../content/model/index.ts';
import { GuichetError, type ProblemError } from '../errors.ts';
import { clientAddress, createSlidingWindow, logSecurityEvent, type SlidingWindow } from '../rate-limit.ts';
import type { JourneyBatch, Store } from '../store/types.ts';
import { frenchErrors, jsonBody } from '../validators.ts';

/** Reports in one batch at most: a kiosk back after a week offline sends several batches. */
export const MAX_BATCH = 100;
/** How old a report's day may be: a terminal may stay offline for weeks, not for a season. */
export const MAX_AGE_DAYS = 62;

const NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const common = {
  day: z.string().regex(DAY),
  procedureId: z.string().regex(ID),
  locale: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i),
};

export const journeyEventSchema = z.strictObject({
  kind: z.literal('journey'),
  ...common,
  assisted: z.boolean(),
  outcome: z.enum(['finished', 'abandoned', 'timed-out', 'handed-off']),
  step: z.int().min(0).max(100),
  durationSeconds: z.int().min(0).max(24 * 3600),
  readAloud: z.boolean(),
  textSize: z.union([z.literal(100), z.literal(150), z.literal(200)]),
  theme: z.enum(['default', 'dark', 'contrast']),
});

export const satisfactionEventSchema = z.strictObject({
  kind: z.literal('satisfaction'),
  ...common,
  rating: z.enum(['good', 'neutral', 'bad', 'skipped']),
});

/** What a kiosk sends: the terminal, its site and channel once, then the reports. */
export const journeyBatchSchema = z.strictObject({
  /** Random, kept with the batch on the terminal: sent again, it is counted once. */
  batchId: z.uuid(),
  terminalId: z.string().regex(NAME),
  site: z.union([z.literal(''), z.string().regex(NAME)]),
  channel: z.enum(['', 'epn', 'reception', 'tiers-lieu']),
  events: z.array(z.discriminatedUnion('kind', [journeyEventSchema, satisfactionEventSchema])).min(1).max(MAX_BATCH),
});

export type JourneyEventBatch = z.infer<typeof journeyBatchSchema>;

function refuse(errors: ProblemError[]): never {
  throw new GuichetError('invalid-journey-events', 'Les comptes de parcours ne respectent pas le format attendu.', { errors });
}

/** A terminal sends a batch a minute when it has something; a backlog goes in a few batches. */
export function createJourneyEventLimiter(): SlidingWindow {
  return createSlidingWindow({ windowMs: 10 * 60_000, limitOf: (key) => (key.startsWith('terminal:') ? 30 : 300) });
}

function dayOffset(day: string, days: number): string {
  const at = new Date(`${day}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

export const journeyEventRoutes = (deps: { store: Store; content: Content; now: () => Date; limiter?: SlidingWindow }) => {
  const limiter = deps.limiter ?? createJourneyEventLimiter();
  return new Hono().post('/events', jsonBody(z.unknown()), async (c) => {
    const parsed = journeyBatchSchema.safeParse(c.req.valid('json'), { error: frenchErrors });
    if (!parsed.success)
      refuse(parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), code: issue.code, message: issue.message })));
    const batch = parsed.data;
    const now = deps.now();
    const keys = [`terminal:${batch.terminalId}`, `address:${clientAddress(c)}`];
    const wait = limiter.retryAfter(keys, now.getTime());
    if (wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'journey-events', keys, retryAfter: wait });
      throw new GuichetError('too-many-journey-events', `Trop de comptes de parcours depuis ce poste : réessayez dans ${wait} s.`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    limiter.count(keys, now.getTime());

    const procedures = new Set(deps.content.procedures.map((p) => p.id));
    const locales = new Set(deps.content.site.locales.map((l) => l.code));
    // One day ahead: a terminal's clock a little fast, or a report sent just after midnight.
    const latest = dayOffset(todayIn(now), 1);
    const earliest = dayOffset(todayIn(now), -MAX_AGE_DAYS);
    const errors: ProblemError[] = [];
    batch.events.forEach((event, i) => {
      if (!procedures.has(event.procedureId)) errors.push({ field: `events.${i}.procedureId`, code: 'unknown-procedure', message: 'Démarche inconnue.' });
      if (!locales.has(event.locale)) errors.push({ field: `events.${i}.locale`, code: 'unknown-locale', message: 'Langue inconnue.' });
      if (event.day > latest || event.day < earliest || Number.isNaN(Date.parse(event.day)))
        errors.push({ field: `events.${i}.day`, code: 'day-out-of-range', message: `Jour hors de la période acceptée (${earliest} au ${latest}).` });
    });
    if (errors.length) refuse(errors);

    const known = await deps.store.terminalSite(batch.terminalId);
    if (known !== undefined && known !== batch.site)
      throw new GuichetError('journey-site-mismatch', 'Ce poste est enregistré dans un autre lieu : ses comptes ne peuvent pas aller à celui-ci.');

    const reports: JourneyBatch = { id: batch.batchId, at: now, site: batch.site, channel: batch.channel, journeys: [], satisfaction: [] };
    for (const event of batch.events) {
      if (event.kind === 'journey') {
        const { kind: _kind, ...report } = event;
        reports.journeys.push(report);
      } else {
        const { kind: _kind, ...answer } = event;
        reports.satisfaction.push(answer);
      }
    }
    const counted = await deps.store.recordJourneys(reports);
    // Counted before (an answer the kiosk never got): the same answer, nothing added.
    return c.json({ accepted: batch.events.length, again: !counted }, 200, { 'Cache-Control': 'no-store' });
  });
};
