import type { Content, Procedure } from '../../../content/model/index.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { locale, t, text } from '../i18n/i18n.ts';
import { answerLines } from '../journey/answer-lines.ts';
import { journeyFor } from '../journey/session.ts';
import { navigate } from '../router/history.ts';
import { pathOf } from '../router/routes.ts';
import { errorText } from '../components/error-message.ts';
import { toJourneyError } from '../journey/journey.ts';

export function CheckScreen({ content, procedure }: { content: Content; procedure: Procedure }) {
  const { journey, sender } = journeyFor(procedure, content.site);
  const missing = journey.firstIncomplete();
  if (missing) return <Redirect to={{ name: 'step', procedureId: procedure.id, stepId: missing.id }} />;
  const submission = journey.submission.value;
  const answers = journey.answers.value;
  const service = content.site.services.find((s) => s.id === procedure.legal?.service);
  const days = procedure.legal?.retentionDays ?? 30;
  const town = content.site.town;
  const unplaced =
    submission.status === 'rejected' && !journey.stepOfErrors(submission.errors)
      ? submission.errors.map((e) => errorText(toJourneyError(e, journey.field(e.field.split('.')[0] ?? ''))))
      : [];

  const send = async () => {
    const result = await sender.send(locale.value);
    // Sent, or saved on this terminal to be sent later: either way the confirmation says which.
    if (result?.kind === 'sent' || result?.kind === 'saved') navigate({ name: 'done', procedureId: procedure.id }, { replace: true });
    if (result?.kind === 'rejected') {
      const stepId = journey.placeServerErrors(result.errors);
      if (stepId) navigate({ name: 'step', procedureId: procedure.id, stepId });
    }
  };

  return (
    <Page title={t('check.title')} town={town}>
      <Heading>{t('check.title')}</Heading>
      <p class="lead">{t('check.lead')}</p>
      <dl class="summary">
        {journey.visible.value.flatMap((step) =>
          step.fields.map((field) => {
            const label = step.fields.length === 1 ? text(step.title) : text(field.label);
            return (
              <div class="summary__row" key={field.id}>
                <dt class="summary__key">{label}</dt>
                <dd class="summary__value" data-private={field.private ? '' : undefined}>
                  {answerLines(field, answers[field.id], locale.value).map((line, index) => (
                    // What people typed keeps its own direction inside an Arabic page.
                    <span class="summary__line" dir="auto" key={index}>
                      {line}
                    </span>
                  ))}
                </dd>
                <dd class="summary__action">
                  <Link
                    class="button button--secondary button--small"
                    href={pathOf({ name: 'step', procedureId: procedure.id, stepId: step.id })}
                    onNavigate={() => journey.change(step.id)}
                  >
                    <Pictogram name="edit" size="small" />
                    {t('check.change')}
                    {' '}
                    <span class="visually-hidden">{label}</span>
                  </Link>
                </dd>
              </div>
            );
          }),
        )}
      </dl>

      <section class="notice" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('check.dataHeading')}</h2>
        <p>{t('check.dataWho', { service: service ? text(service.name) : t('app.townHall', { town }), town })}</p>
        <p>{t('check.dataWhy')}</p>
        <p>{t('check.dataHowLong', { days })}</p>
        <p>{t('check.dataTerminal')}</p>
      </section>

      <h2>{t('check.sendHeading')}</h2>
      {submission.status === 'failed' ? (
        <div class="problem" role="alert">
          <p>{t('check.failed')}</p>
        </div>
      ) : null}
      {unplaced.length ? (
        <div class="problem" role="alert">
          <p>{t('check.rejected')}</p>
          <ul>
            {unplaced.map((message, index) => (
              <li key={index}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p class="status" role="status">
        {submission.status === 'sending' ? t('check.sending') : ''}
      </p>
      <p class="actions">
        <button type="button" class="button button--primary" onClick={send}>
          <Pictogram name="send" />
          {submission.status === 'failed' ? t('check.retry') : t('check.send')}
        </button>
      </p>
    </Page>
  );
}
