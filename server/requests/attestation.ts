// The attestation of implicit acceptance (CRPA L232-3): once silence has accepted a request, the
// person may ask the administration to certify it, and Guichet delivers it at once. It is built
// from the request's ARE (its reference, date of receipt, procedure and service in charge) with
// the decision's date and the article that founds it, in French and in the person's language,
// and printed by the acknowledgments' own HTML and PDF renderers.
import { mention, writer, type Acknowledgment, type Bilingual } from '../receipts/acknowledgment.ts';
import type { CalendarDate } from '../receipts/calendar.ts';
import type { HistoryEntry } from './status.ts';

/** The day silence accepted the request, when it did: what entitles the person to the attestation. */
export function implicitAcceptanceOf(history: readonly HistoryEntry[]): CalendarDate | undefined {
  return history.find((entry) => entry.status === 'deemed-accepted')?.decidedOn;
}

/**
 * The attestation, from the request's ARE and the day silence accepted it.
 *
 * @example buildAttestation(await acknowledgmentOf(content, store, found, 'receipt'), { decidedOn: '2026-05-02', issuedOn: '2026-05-03', town: 'Belval-sur-Loire' })
 */
export function buildAttestation(are: Acknowledgment, input: { decidedOn: CalendarDate; issuedOn: CalendarDate; town: string }): Acknowledgment {
  const write = writer(are.locale);
  const decided = write.date(input.decidedOn);
  const issued = write.date(input.issuedOn);
  // From the ARE: reference, receipt, procedure, and the service in charge; nothing about data or appeals.
  const kept = are.sections
    .filter((section) => section.id === 'receipt' || section.id === 'service')
    .map((section) =>
      section.id === 'receipt' ? { ...section, mentions: section.mentions.filter((m) => m.id === 'reference' || m.id === 'receivedAt' || m.id === 'procedure') } : section,
    );
  const note: Bilingual = write.say('attestation.issuedOn', { date: issued.fr, town: input.town }, { date: issued.local ?? '', town: input.town });
  return {
    ...are,
    title: write.say('attestation.title'),
    sections: [
      ...kept,
      {
        id: 'decision',
        heading: write.say('attestation.section'),
        mentions: [
          mention('implicitDecisionDate', write.say('attestation.label.decidedOn'), write.say('attestation.decidedOn', { date: decided.fr }, { date: decided.local ?? '' }), 'L231-1'),
          mention('certificate', write.say('attestation.label.basis'), write.say('attestation.basis'), 'L232-3'),
        ],
      },
    ],
    notes: [note],
    recipient: undefined,
    warnings: [],
  };
}
