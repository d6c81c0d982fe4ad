import { describe, expect, it } from 'vitest';
import type { Envelope } from '../submission/envelope.ts';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import { createJourney } from './journey.ts';
import { createSender } from './send.ts';
import { testProcedure } from './test-procedure.ts';

function completed() {
  const journey = createJourney(testProcedure, { today: () => '2026-11-28', postcodes: ['41200'] });
  journey.setRaw('kind', 'email');
  journey.continueFrom('kind');
  journey.setRaw('email', 'marie@exemple.fr');
  journey.continueFrom('email');
  journey.setRaw('born', { day: '14', month: '7', year: '1956' });
  journey.continueFrom('born');
  journey.addAttachment({ id: 'photo-1', fieldId: 'photos', name: 'a.jpg', type: 'image/jpeg', size: 3, data: 'AAAA' });
  journey.setRaw('sworn', true);
  journey.continueFrom('details');
  return journey;
}

describe('sending', () => {
  it('builds the envelope with the files the answers name, and reuses its key on retry', async () => {
    const journey = completed();
    const sent: Envelope[] = [];
    const results: SubmitResult[] = [
      { kind: 'failed' },
      { kind: 'sent', receipt: { reference: 'ABCD-EFGH', trackingCode: 'K7', receivedAt: '2026-11-28T10:00:00+01:00' } },
    ];
    let n = 0;
    const sender = createSender(journey, {
      submit: async (envelope) => {
        sent.push(envelope);
        return results.shift() ?? { kind: 'failed' };
      },
      newKey: () => `key-${++n}`,
    });
    await sender.send('fr');
    expect(journey.submission.value).toEqual({ status: 'failed' });
    expect(journey.answers.value.photos).toEqual(['photo-1']);
    await sender.send('fr');
    expect(sent.map((e) => e.key)).toEqual(['key-1', 'key-1']);
    expect(sent[0]?.body).toEqual({
      procedureId: 'test-journey',
      procedureVersion: 2,
      locale: 'fr',
      answers: journey.answers.value,
      attachments: [{ id: 'photo-1', type: 'image/jpeg', data: 'AAAA' }],
    });
    expect(journey.submission.value).toMatchObject({ status: 'sent', receipt: { reference: 'ABCD-EFGH' } });
  });

  it('uses a new key when the answers changed after a failure', async () => {
    const journey = completed();
    const keys: string[] = [];
    let n = 0;
    const sender = createSender(journey, {
      submit: async (envelope) => {
        keys.push(envelope.key);
        return { kind: 'failed' };
      },
      newKey: () => `key-${++n}`,
    });
    await sender.send('fr');
    journey.change('born');
    journey.setRaw('born', { day: '1', month: '1', year: '1960' });
    journey.continueFrom('born');
    await sender.send('fr');
    expect(keys).toEqual(['key-1', 'key-2']);
  });

  it('ignores a second tap while sending', async () => {
    const journey = completed();
    let calls = 0;
    let release: (r: SubmitResult) => void = () => {};
    const sender = createSender(journey, {
      submit: () => {
        calls++;
        return new Promise((resolve) => (release = resolve));
      },
    });
    const first = sender.send('fr');
    expect(await sender.send('fr')).toBeUndefined();
    release({ kind: 'rejected', errors: [{ field: 'email', code: 'email' }] });
    await first;
    expect(calls).toBe(1);
    expect(journey.submission.value.status).toBe('rejected');
  });
});
