import type { Content, Procedure } from '../../../content/model/index.ts';
import { ErrorSummary } from '../components/error-summary.tsx';
import { StepFields, errorTarget } from '../components/fields.tsx';
import { Link } from '../components/link.tsx';
import { Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { Redirect } from '../components/redirect.tsx';
import { t, text } from '../i18n/i18n.ts';
import { completionNamed, journeyFor } from '../journey/session.ts';
import { navigate } from '../router/history.ts';
import { pathOf } from '../router/routes.ts';

/** One question per page: heading, progress, the field(s), Continue and Back. */
export function StepScreen({ content, procedure, stepId }: { content: Content; procedure: Procedure; stepId: string }) {
  const { journey } = journeyFor(procedure, content.site);
  const step = journey.step(stepId);
  if (!step || !journey.isVisible(stepId)) return <Redirect to={{ name: 'intro', procedureId: procedure.id }} />;
  const errors = journey.errorsFor(stepId);
  const { current, total } = journey.position(stepId);
  const progress = total === undefined ? t('step.progressOpen', { current }) : t('step.progress', { current, total });
  const previous = journey.previousBefore(stepId);
  const backHref =
    journey.returningToCheck.value && !journey.firstIncomplete()
    ? pathOf({ name: 'check', procedureId: procedure.id })
    : previous
      ? pathOf({ name: 'step', procedureId: procedure.id, stepId: previous.id })
      : pathOf({ name: 'intro', procedureId: procedure.id });
  const several = step.fields.length > 1;
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    await journey.filesReady();
    const next = journey.continueFrom(stepId);
    if (!next) return;
    navigate(
      next.kind === 'check'
        ? { name: 'check', procedureId: procedure.id }
        : { name: 'step', procedureId: procedure.id, stepId: next.stepId },
    );
  };
  return (
    <Page title={`${progress} – ${text(step.title)}`} town={content.site.town} hasErrors={errors.length > 0}>
      <ErrorSummary
        errors={errors}
        targetOf={(error) => errorTarget(journey.field(error.field.split('.')[0] ?? ''), error)}
        labelOf={(error) => {
          const part = error.field.split('.')[1];
          if (part) return t(`field.address.${part}`);
          if (!several) return undefined;
          const field = journey.field(error.field.split('.')[0] ?? '');
          return field ? text(field.label) : undefined;
        }}
      />
      <p class="progress">{progress}</p>
      <form class="step-form" noValidate onSubmit={onSubmit} key={stepId}>
        <StepFields step={step} journey={journey} errors={errors} />
        <div class="actions actions--step">
          <button type="submit" class="button button--primary">
            {t('step.continue')}
            <Pictogram name="next" />
          </button>
          <Link class="button button--secondary" href={backHref}>
            <Pictogram name="back" />
            {t('step.back')}
          </Link>
        </div>
      </form>
      {procedure.audience === 'agent' || completionNamed(procedure.id) ? null : (
        <p class="handoff-link">
          <Link class="button button--secondary" href={pathOf({ name: 'handoff', procedureId: procedure.id, stepId })}>
            <Pictogram name="help" />
            {t('handoff.help')}
          </Link>
        </p>
      )}
    </Page>
  );
}
