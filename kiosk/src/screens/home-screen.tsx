import type { Content, Procedure } from '../../../content/model/index.ts';
import { LanguageChoice } from '../components/language-choice.tsx';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { t, text } from '../i18n/i18n.ts';
import { pathOf } from '../router/routes.ts';
import { offered } from '../staff/assisted-session.ts';

/**
 * Residents' procedures by category, in the order of site.yaml. Agent procedures are not
 * listed here: agents sign in from "Espace agents" (screens/agents-screen.tsx).
 */
function groups(content: Content): Array<{ id: string; title: string; pictogram: string; procedures: Procedure[] }> {
  const { site, procedures } = content;
  // In an assisted session, the procedures the resident entrusted to the mediator only.
  const residents = procedures.filter((p) => p.audience === 'resident' && offered(p.id));
  return site.categories
    .map((c) => ({
      id: c.id,
      title: text(c.title),
      pictogram: c.pictogram,
      procedures: residents.filter((p) => p.category === c.id),
    }))
    .filter((g) => g.procedures.length > 0);
}

export function HomeScreen({ content }: { content: Content }) {
  const town = content.site.town;
  return (
    <Page title={t('home.title')} town={town}>
      <Heading>{t('home.heading', { town })}</Heading>
      <p class="lead">{t('home.lead')}</p>
      <section class="section" aria-labelledby="languages-heading">
        <h2 id="languages-heading" class="section__title">
          <Pictogram name="language" />
          {t('home.languageHeading')}
        </h2>
        <LanguageChoice locales={content.site.locales} labelledBy="languages-heading" />
      </section>
      <section class="section" aria-labelledby="tracking-heading">
        <h2 id="tracking-heading" class="section__title">
          {t('tracking.homeHeading')}
        </h2>
        <Link class="procedure-card" href={pathOf({ name: 'tracking' })}>
          <Pictogram name="document" size="large" />
          <span class="procedure-card__text">
            <span class="procedure-card__title">{t('tracking.title')}</span>
            <span class="procedure-card__summary">{t('tracking.homeSummary')}</span>
          </span>
          <Pictogram name="next" />
        </Link>
      </section>
      {content.site.help ? (
        <section class="section" aria-labelledby="booking-heading">
          <h2 id="booking-heading" class="section__title">
            {t('booking.homeHeading')}
          </h2>
          <Link class="procedure-card" href={pathOf({ name: 'book', step: 'what' })}>
            <Pictogram name="calendar" size="large" />
            <span class="procedure-card__text">
              <span class="procedure-card__title">{t('booking.homeTitle')}</span>
              <span class="procedure-card__summary">{t('booking.homeSummary')}</span>
            </span>
            <Pictogram name="next" />
          </Link>
          <p class="actions">
            <Link class="button button--secondary" href={pathOf({ name: 'book', step: 'cancel' })}>
              <Pictogram name="close" />
              {t('booking.cancelLink')}
            </Link>
          </p>
        </section>
      ) : null}
      <section class="section" aria-labelledby="procedures-heading">
        <h2 id="procedures-heading" class="section__title">
          {t('home.proceduresHeading')}
        </h2>
        <div class="categories">
        {groups(content).map((group) => (
          <section class="category" key={group.id} aria-labelledby={`category-${group.id}`}>
            <h3 id={`category-${group.id}`} class="category__title">
              <Pictogram name={group.pictogram} />
              {group.title}
            </h3>
            <ul class="procedures">
              {group.procedures.map((procedure) => (
                <li key={procedure.id}>
                  <Link class="procedure-card" href={pathOf({ name: 'intro', procedureId: procedure.id })}>
                    <Pictogram name={procedure.pictogram} size="large" />
                    <span class="procedure-card__text">
                      <span class="procedure-card__title">{text(procedure.title)}</span>
                      <span class="procedure-card__summary">{text(procedure.summary)}</span>
                    </span>
                    <Pictogram name="next" />
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))}
        </div>
      </section>
      <section class="section" aria-labelledby="staff-heading">
        <h2 id="staff-heading" class="section__title">
          <Pictogram name="badge" />
          {t('home.staffHeading')}
        </h2>
        <p>
          <Link class="button button--secondary" href={pathOf({ name: 'agents' })}>
            <Pictogram name="badge" />
            {t('agents.title')}
          </Link>
        </p>
        <p>
          <Link class="button button--secondary" href={pathOf({ name: 'resume' })}>
            <Pictogram name="people" />
            {t('resume.title')}
          </Link>
        </p>
        <p>
          <Link class="button button--secondary" href={pathOf({ name: 'mediation' })}>
            <Pictogram name="people" />
            {t('mediation.title')}
          </Link>
        </p>
      </section>
    </Page>
  );
}
