// `RequestLife` over the store: the events route and the desk call this; the store applies each
// event in one transaction (parts/requests.ts). Which channels a notice takes is decided here,
// from what the resident gave.
import type { Answers, Procedure } from '../../content/model/index.ts';
import type { NoticeChannel, Store } from '../store/types.ts';
import type { RequestLife } from './request-life.ts';

/**
 * The channels a resident can be reached by, from their answers: SMS when they gave a phone
 * number, email when they gave an address, otherwise a letter or a call from reception.
 * (Until the journey asks for the channels and records consent, a phone answer stands for it.)
 *
 * @example channelsFromAnswers(procedure, { phone: '06 12 34 56 78' }) // ['sms']
 */
export function channelsFromAnswers(procedure: Pick<Procedure, 'steps'> | undefined, answers: Answers | undefined): NoticeChannel[] {
  if (!procedure || !answers) return ['letter'];
  const channels: NoticeChannel[] = [];
  for (const step of procedure.steps)
    for (const field of step.fields) {
      const value = answers[field.id];
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (field.type === 'phone' && !channels.includes('sms')) channels.push('sms');
      if (field.type === 'email' && !channels.includes('email')) channels.push('email');
    }
  return channels.length > 0 ? channels : ['letter'];
}

/**
 * @example
 * const life = storeRequestLife(store, (id) => content.procedures.find((p) => p.id === id), () => sms?.wake());
 * createApp({ ..., statusEvents: { life, signingRoutes } })
 */
export function storeRequestLife(store: Store, procedureOf: (id: string) => Pick<Procedure, 'steps'> | undefined, onApplied?: () => void): RequestLife {
  return {
    async applyEvent(reference, event, source, at, completion) {
      const outcome = await store.applyRequestEvent({ reference, event, source, at, ...(completion ? { completion } : {}), notify: ({ procedureId, answers }) => channelsFromAnswers(procedureOf(procedureId), answers) });
      // A status that asks or decides has queued its notices: the senders go now.
      if (outcome.outcome === 'applied') onApplied?.();
      return outcome;
    },
  };
}
