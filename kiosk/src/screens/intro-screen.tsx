import type { Content, Procedure } from '../../../content/model/index.ts';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { useEffect } from 'preact/hooks';
import { localizedTexts } from '../../../content/model/spoken.ts';
import { langOf, locale, t, text } from '../i18n/i18n.ts';
import { journeyFor } from '../journey/session.ts';
import { navigate } from '../router/history.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { prepareRecordings } from '../speech/speech.ts';

export function IntroScreen({ content, procedure }: { content: Content; procedure: Procedure }) {
  // On a terminal with no voice for the language, the questions' recordings are fetched now,
  // while the network is there, so that they play even if it goes during the journey.
  useEffect(() => {
    const code = locale.value;
    const codes = new Set(content.site.locales.map((l) => l.code));
    // The step counters the journey can show: as many steps as always come, up to all of them.
    const always = procedure.steps.filter((step) => !step.when).length;
    const counters = procedure.steps.flatMap((_, i) => [
      t('step.progressOpen', { current: i + 1 }),
      ...Array.from({ length: procedure.steps.length - always + 1 }, (_, extra) => t('step.progress', { current: i + 1, total: always + extra })),
    ]);
    const screenTexts = [t('step.continue'), t('handoff.help')];
    void prepareRecordings([...screenTexts, ...counters, ...localizedTexts(procedure.steps, codes, code)], langOf(code));
  }, [procedure, content]);
  const start = () => {
    const { journey } = journeyFor(procedure, content.site);
    journey.clearErrors();
    const first = journey.visible.value[0];
    navigate(first ? { name: 'step', procedureId: procedure.id, stepId: first.id } : { name: 'check', procedureId: procedure.id });
  };
  return (
    <Page title={text(procedure.title)} town={content.site.town}>
      <div class="intro-heading">
        <Pictogram name={procedure.pictogram} size="large" />
        <Heading>{text(procedure.title)}</Heading>
      </div>
      <h2>{t('intro.purpose')}</h2>
      <p>{text(procedure.summary)}</p>
      <h2>{t('intro.needs')}</h2>
      <ul class="needs">
        {procedure.intro.needs.map((need, index) => (
          <li key={index}>{text(need)}</li>
        ))}
      </ul>
      <p class="duration">
        <Pictogram name="clock" />
        <span>{t('intro.duration', { minutes: procedure.intro.minutes })}</span>
      </p>
      {/* WCAG 2.2.6: the idle duration is said before anything is typed. */}
      <p class="hint">
        {t('session.duration', {
          minutes: Math.max(1, Math.round(kioskSession.durations.value.warnAfterMs / 60_000)),
          seconds: Math.round(kioskSession.durations.value.endAfterMs / 1000),
        })}
      </p>
      <p class="actions">
        <button type="button" class="button button--primary button--start" onClick={start}>
          {t('intro.start')}
          <Pictogram name="next" />
        </button>
      </p>
    </Page>
  );
}
