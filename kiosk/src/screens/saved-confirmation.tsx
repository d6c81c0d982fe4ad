import { TOWN_TIME_ZONE, type Answers, type Content, type Procedure } from '../../../content/model/index.ts';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { formatLocale, t, text } from '../i18n/i18n.ts';
import type { Submission } from '../journey/journey.ts';

/** Whether the person gave an email address, where the acknowledgments will be sent (L112-11). */
function gaveEmail(procedure: Procedure, answers: Answers): boolean {
  return procedure.steps.some((step) =>
    step.fields.some((field) => field.type === 'email' && typeof answers[field.id] === 'string' && String(answers[field.id]).trim() !== ''),
  );
}

/**
 * The confirmation while the request is only on this terminal (legal.md, offline kiosk): it is
 * saved here, not received by the town hall yet; a provisional number; the moment the person
 * pressed Send; how the official receipt will reach them. When the outbox sends it, the done
 * screen shows the reference instead and the shell's status region announces it.
 */
export function SavedConfirmation({
  content,
  procedure,
  submission,
  answers,
  onFinish,
}: {
  content: Content;
  procedure: Procedure;
  submission: Extract<Submission, { status: 'saved' }>;
  answers: Answers;
  onFinish: () => void;
}) {
  const service = content.site.services.find((s) => s.id === procedure.legal?.service);
  const when = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeStyle: 'short', timeZone: TOWN_TIME_ZONE }).format(
    new Date(submission.pressedSendAt),
  );
  return (
    <Page title={t('saved.title')} town={content.site.town}>
      <div class="panel panel--saved">
        <Pictogram name="clock" size="large" />
        <Heading>{t('saved.title')}</Heading>
        <p class="panel__code">
          <span class="panel__label">{t('saved.provisional')}</span>{' '}
          <strong class="panel__value" dir="ltr">
            {submission.provisional}
          </strong>
        </p>
      </div>
      <p>{t('saved.notSent')}</p>
      <p>{t('saved.willSend')}</p>
      <p>{t('saved.pressedSendAt', { when })}</p>
      <h2>{t('saved.receiptHeading')}</h2>
      <p>{gaveEmail(procedure, answers) ? t('saved.receiptByEmail') : t('saved.receiptAtReception')}</p>
      <p>{t('saved.keep')}</p>
      <p>{t('done.next', { service: service ? text(service.name) : t('app.townHall', { town: content.site.town }) })}</p>
      <p class="actions">
        <button type="button" class="button button--primary" onClick={onFinish} aria-describedby="finish-hint">
          <Pictogram name="check" />
          {t('done.finish')}
        </button>
      </p>
      <p id="finish-hint" class="hint">
        {t('done.finishHint')}
      </p>
    </Page>
  );
}
