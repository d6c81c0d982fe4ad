// The dashboard's figures, from the day counts of the journeys (migration 016) and the requests'
// facts (their statuses and times): per procedure and for all, for one period and the one before.
// Pure: the routes read the store, this only counts.
import { isoInTownTime } from '../time.ts';
import type { JourneyDay, RequestFact, SatisfactionDay } from '../store/types.ts';

/** Calendar days in the town, both included. */
export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The period of the same length just before. */
export function previousPeriod(period: Period): Period {
  const length = dayNumber(period.to) - dayNumber(period.from) + 1;
  return { from: dayOf(dayNumber(period.from) - length), to: dayOf(dayNumber(period.from) - 1) };
}

/** The instant a town day begins, with its own offset (midnight comes before the 2 or 3 a.m. change). */
export function townMidnight(day: string): string {
  const before = new Date(Date.parse(`${day}T00:00:00Z`) - 3 * 3_600_000);
  return `${day}T00:00:00${isoInTownTime(before).slice(-6)}`;
}

/** The instants `[from, to)` that a period's requests are received in. */
export function instantsOf(period: Period): { from: string; to: string } {
  return { from: townMidnight(period.from), to: townMidnight(dayOf(dayNumber(period.to) + 1)) };
}

export const CHANNELS = ['epn', 'reception', 'tiers-lieu', ''] as const;
export const DECISIONS = ['accepted', 'rejected', 'deemed-accepted', 'deemed-rejected'] as const;
export const OUTCOMES = ['finished', 'abandoned', 'timed-out', 'handed-off'] as const;
export const RATINGS = ['good', 'neutral', 'bad', 'skipped'] as const;

export interface Figures {
  /** Requests received in the period. */
  requests: number;
  byChannel: Record<(typeof CHANNELS)[number], number>;
  assisted: number;
  /** Journeys ended at the kiosks, by how they ended. */
  journeys: number;
  outcomes: Record<(typeof OUTCOMES)[number], number>;
  /** The step where most journeys stopped without being sent (abandoned or timed out); undefined when none. */
  giveUpStep?: number;
  /** Median days from sending to the acknowledgment of receipt (ARE), and to the decision. */
  medianDaysToReceipt?: number;
  medianDaysToDecision?: number;
  decisions: Record<(typeof DECISIONS)[number], number>;
  satisfaction: Record<(typeof RATINGS)[number], number>;
}

export interface ProcedureFigures extends Figures {
  procedureId: string;
}

/** The median of some numbers, halfway between the two middle ones for an even count. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

function figuresOf(journeyDays: readonly JourneyDay[], facts: readonly RequestFact[], answers: readonly SatisfactionDay[]): Figures {
  const byChannel = zero(CHANNELS);
  const decisions = zero(DECISIONS);
  const toReceipt: number[] = [];
  const toDecision: number[] = [];
  let assisted = 0;
  for (const fact of facts) {
    byChannel[fact.channel ?? '']++;
    if (fact.assisted) assisted++;
    const received = fact.history.find((entry) => entry.status === 'received');
    if (received) toReceipt.push(days(fact.receivedAt, received.at));
    const decision = fact.history.find((entry): entry is { status: (typeof DECISIONS)[number]; at: string } => (DECISIONS as readonly string[]).includes(entry.status));
    if (decision) {
      decisions[decision.status]++;
      toDecision.push(days(fact.receivedAt, decision.at));
    }
  }
  const outcomes = zero(OUTCOMES);
  const stops = new Map<number, number>();
  for (const row of journeyDays) {
    outcomes[row.outcome] += row.journeys;
    if (row.outcome === 'abandoned' || row.outcome === 'timed-out') stops.set(row.step, (stops.get(row.step) ?? 0) + row.journeys);
  }
  const giveUp = [...stops].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
  const satisfaction = zero(RATINGS);
  for (const row of answers) satisfaction[row.rating] += row.answers;
  const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 10) / 10);
  const receipt = round(median(toReceipt));
  const decided = round(median(toDecision));
  return {
    requests: facts.length,
    byChannel,
    assisted,
    journeys: OUTCOMES.reduce((n, o) => n + outcomes[o], 0),
    outcomes,
    ...(giveUp ? { giveUpStep: giveUp[0] } : {}),
    ...(receipt !== undefined ? { medianDaysToReceipt: receipt } : {}),
    ...(decided !== undefined ? { medianDaysToDecision: decided } : {}),
    decisions,
    satisfaction,
  };
}

export interface Dashboard {
  period: Period;
  total: Figures;
  procedures: ProcedureFigures[];
}

/**
 * @example dashboardOf({ from: '2026-11-01', to: '2026-11-30' }, ['write-to-town-hall'], journeyDays, facts, answers)
 */
export function dashboardOf(
  period: Period,
  procedureIds: readonly string[],
  journeyDays: readonly JourneyDay[],
  facts: readonly RequestFact[],
  answers: readonly SatisfactionDay[],
): Dashboard {
  return {
    period,
    total: figuresOf(journeyDays, facts, answers),
    procedures: procedureIds.map((procedureId) => ({
      procedureId,
      ...figuresOf(
        journeyDays.filter((d) => d.procedureId === procedureId),
        facts.filter((f) => f.procedureId === procedureId),
        answers.filter((a) => a.procedureId === procedureId),
      ),
    })),
  };
}

/** Share as a whole percentage, or undefined when there is nothing to share. */
export function percent(part: number, whole: number): number | undefined {
  return whole === 0 ? undefined : Math.round((part / whole) * 100);
}
