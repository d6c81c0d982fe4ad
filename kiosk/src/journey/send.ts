import type { Envelope } from '../submission/envelope.ts';
import { buildEnvelope } from '../submission/envelope.ts';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import type { Journey } from './journey.ts';

/** Saved in the terminal's outbox, to be sent when the server can be reached. */
export interface SavedOnTerminal {
  kind: 'saved';
  key: string;
  provisional: string;
  pressedSendAt: string;
}

export interface SendOptions {
  submit: (envelope: Envelope) => Promise<SubmitResult | SavedOnTerminal>;
  newKey?: () => string;
}

/**
 * The Send button of a journey. The envelope is built once and kept while the answers and
 * the language stay the same, so "Try again" reuses its Idempotency-Key.
 */
export function createSender(journey: Journey, options: SendOptions) {
  const newKey = options.newKey ?? (() => crypto.randomUUID());
  let envelope: Envelope | undefined;
  let builtFrom: unknown;

  function envelopeFor(locale: string): Envelope {
    if (!envelope || builtFrom !== journey.answers.value || envelope.body.locale !== locale) {
      envelope = buildEnvelope({
        key: newKey(),
        procedure: journey.procedure,
        locale,
        answers: journey.answers.value,
        attachments: journey.attachments.value,
      });
      builtFrom = journey.answers.value;
    }
    return envelope;
  }

  /** Sends the answers; a second tap while sending does nothing. */
  async function send(locale: string): Promise<SubmitResult | SavedOnTerminal | undefined> {
    if (journey.submission.value.status === 'sending') return undefined;
    const current = envelopeFor(locale);
    journey.submission.value = { status: 'sending' };
    const result = await options.submit(current);
    if (result.kind === 'sent') journey.submission.value = { status: 'sent', receipt: result.receipt };
    else if (result.kind === 'rejected') journey.submission.value = { status: 'rejected', errors: result.errors };
    else if (result.kind === 'saved')
      journey.submission.value = { status: 'saved', key: result.key, provisional: result.provisional, pressedSendAt: result.pressedSendAt };
    else journey.submission.value = { status: 'failed' };
    return result;
  }

  return { send, envelopeFor };
}
