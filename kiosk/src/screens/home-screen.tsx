import type { Content, Procedure } from '../../../content/model/index.ts';
import { LanguageChoice } from '../components/language-choice.tsx';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { t, text } from '../i18n/i18n.ts';
import { pathOf } from '../router/routes.ts';

/**
 * Procedures by category, in the order of site.yaml. Agent procedures are shown under their
 * own category until agents sign in (a later issue), so they can be completed meanwhile.
 */
function groups(content: Content): Array<{ id: string; title: string; pictogram: string; procedures: Procedure[] }> {
  const { site, procedures } = content;
  const residents = procedures.filter((p) => p.audience === 'resident');
  const agents = procedures.filter((p) => p.audience === 'agent');
  const staff = site.categories.find((c) => c.id === 'staff');
  const list = site.categories
    .filter((c) => c.id !== 'staff')
    .map((c) => ({
      id: c.id,
      title: text(c.title),
      pictogram: c.pictogram,
      procedures: residents.filter((p) => p.category === c.id),
    }));
  list.push({
    id: 'staff',
    title: staff ? text(staff.title) : '',
    pictogram: staff?.pictogram ?? 'badge',
    procedures: agents,
  });
  return list.filter((g) => g.procedures.length > 0);
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
            {group.id === 'staff' ? <p class="hint">{t('home.agentNote')}</p> : null}
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
    </Page>
  );
}
