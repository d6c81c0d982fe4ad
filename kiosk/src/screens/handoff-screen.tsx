import { useEffect, useState } from 'preact/hooks';
import type { Content, Procedure } from '../../../content/model/index.ts';
import { postHandoff } from '../api/handoff-client.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { t } from '../i18n/i18n.ts';
import { endSession, journeyFor } from '../journey/session.ts';
import { pathOf } from '../router/routes.ts';
import { eraseStoredTraces } from '../session/erase.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { readAloud } from '../settings/settings.ts';
import { currentScreenParts } from '../speech/announce.ts';
import { speakParts } from '../speech/speech.ts';

type State = { kind: 'ask' } | { kind: 'working' } | { kind: 'failed' } | { kind: 'ready'; code: string; qr: string };

/** Seals the journey with a new code, leaves it for reception, and forgets it here. */
async function handOff(procedure: Procedure, stepId: string, site: Content['site']): Promise<State> {
  const { newHandoffCode, sealDraft } = await import('../handoff/handoff-crypto.ts');
  const journey = journeyFor(procedure, site).journey;
  const draft = { stepId, ...journey.draft() };
  // A code already taken (one chance in 650 billion) gets a second draw.
  for (let attempt = 0; attempt < 2; attempt++) {
    const code = newHandoffCode();
    const sealed = await sealDraft(code, procedure.id, draft);
    const answer = await postHandoff({ ...sealed, procedureId: procedure.id, procedureVersion: procedure.version });
    if (answer.kind === 'taken') continue;
    if (answer.kind === 'failed') return { kind: 'failed' };
    const QRCode = await import('qrcode');
    const qr = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    // The answers leave this terminal now: only the code stays on screen until Finish.
    endSession();
    await eraseStoredTraces();
    return { kind: 'ready', code, qr };
  }
  return { kind: 'failed' };
}

/**
 * "I can't finish, help me": says what will happen, then shows the code (large, grouped, and
 * as a QR code a desk scanner reads) and what to do with it, in plain words.
 */
export function HandoffScreen({ content, procedure, stepId }: { content: Content; procedure: Procedure; stepId: string }) {
  const [state, setState] = useState<State>({ kind: 'ask' });
  const town = content.site.town;
  useEffect(() => {
    if (state.kind === 'failed') document.getElementById('handoff-problem')?.focus();
    if (state.kind !== 'ready') return;
    document.querySelector<HTMLElement>('main h1')?.focus();
    // The address did not change, so the screen is said here, as a new screen would be.
    if (readAloud.peek()) speakParts(currentScreenParts());
  }, [state.kind]);
  const start = async () => {
    if (state.kind === 'working') return;
    setState({ kind: 'working' });
    setState(await handOff(procedure, stepId, content.site).catch((): State => ({ kind: 'failed' })));
  };
  if (state.kind === 'ready')
    return (
      <Page title={t('handoff.codeTitle')} town={town}>
        <Heading>{t('handoff.codeTitle')}</Heading>
        <p class="lead">{t('handoff.codeIntro')}</p>
        <p class="handoff-code">
          <span class="visually-hidden">{t('handoff.codeLabel')} </span>
          <strong dir="ltr">{state.code}</strong>
        </p>
        <div class="handoff-qr" role="img" aria-label={t('handoff.qrLabel')} dangerouslySetInnerHTML={{ __html: state.qr }} />
        <ul class="handoff-facts">
          <li>{t('handoff.expires')}</li>
          <li>{t('handoff.erased')}</li>
        </ul>
        <p class="actions">
          <button type="button" class="button button--primary" onClick={() => void kioskSession.end('finished')}>
            <Pictogram name="close" />
            {t('handoff.finish')}
          </button>
        </p>
      </Page>
    );
  return (
    <Page title={t('handoff.title')} town={town} hasErrors={state.kind === 'failed'}>
      <Heading>{t('handoff.title')}</Heading>
      {state.kind === 'failed' ? (
        <div class="error-summary" id="handoff-problem" tabIndex={-1}>
          <div role="alert">
            <h2 class="error-summary__title">{t('errors.summaryTitle')}</h2>
            <p>{t('handoff.failed')}</p>
          </div>
        </div>
      ) : null}
      <p class="lead">{t('handoff.lead')}</p>
      <p>{t('handoff.how')}</p>
      <div class="actions">
        <button type="button" class="button button--primary" onClick={() => void start()} aria-disabled={state.kind === 'working' ? 'true' : undefined}>
          <Pictogram name="people" />
          {t('handoff.get')}
        </button>
        <Link class="button button--secondary" href={pathOf({ name: 'step', procedureId: procedure.id, stepId })}>
          <Pictogram name="back" />
          {t('handoff.back')}
        </Link>
      </div>
      <p class="status" role="status">
        {state.kind === 'working' ? t('handoff.working') : ''}
      </p>
      {content.site.help ? (
        <section class="section" aria-labelledby="handoff-booking">
          <h2 id="handoff-booking" class="section__title">
            {t('booking.handoffOffer')}
          </h2>
          <p>
            <Link class="button button--secondary" href={pathOf({ name: 'book', step: 'what' })}>
              <Pictogram name="calendar" />
              {t('booking.handoffBook')}
            </Link>
          </p>
        </section>
      ) : null}
    </Page>
  );
}
