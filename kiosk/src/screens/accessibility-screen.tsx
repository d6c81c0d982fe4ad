import { conformityStatus, declaration } from '../accessibility/declaration.ts';
import { Heading, Page } from '../components/page.tsx';
import { formatDate } from '../journey/format.ts';
import { formatLocale, t, text } from '../i18n/i18n.ts';

/** The RGAA model's 7 parts: status, results, non-accessible content, exemptions, how it was made, contact, recourse. */
export function AccessibilityScreen({ town }: { town: string }) {
  const d = declaration;
  const date = (iso: string) => formatDate(iso, formatLocale());
  return (
    <Page title={t('accessibility.title')} town={town}>
      <Heading>{t('accessibility.title')}</Heading>
      <h2>{t('accessibility.statusHeading')}</h2>
      <p>{t('accessibility.status', { status: conformityStatus() })}</p>
      {d.rgaaAudit.rate === null ? <p>{t('accessibility.noAudit')}</p> : null}

      <h2>{t('accessibility.resultsHeading')}</h2>
      {d.rgaaAudit.rate !== null && d.rgaaAudit.date ? (
        <p>{t('accessibility.auditResult', { date: date(d.rgaaAudit.date), rate: d.rgaaAudit.rate })}</p>
      ) : null}
      {d.automated ? (
        <p>
          {t('accessibility.automated', {
            date: date(d.automated.date),
            screens: d.automated.screens,
            combinations: d.automated.combinations,
            violations: d.automated.violations,
          })}
        </p>
      ) : null}

      <h2>{t('accessibility.nonAccessibleHeading')}</h2>
      <ul>
        {d.nonAccessible.map((item, index) => (
          <li key={index}>{text(item)}</li>
        ))}
      </ul>
      <h3>{t('accessibility.derogationsHeading')}</h3>
      {d.derogations.length ? (
        <ul>
          {d.derogations.map((item, index) => (
            <li key={index}>{text(item)}</li>
          ))}
        </ul>
      ) : (
        <p>{t('accessibility.derogationsNone')}</p>
      )}

      <h2>{t('accessibility.establishedHeading')}</h2>
      <p>{d.establishedOn ? t('accessibility.established', { date: date(d.establishedOn) }) : t('accessibility.notEstablished')}</p>
      <p>{t('accessibility.technologies', { list: d.technologies.join(', ') })}</p>

      <h2>{t('accessibility.contactHeading')}</h2>
      <p>{t('accessibility.contact')}</p>
      <p dir="auto">{t('accessibility.contactDetails', d.contact)}</p>

      <h2>{t('accessibility.recourseHeading')}</h2>
      <p>{t('accessibility.recourse')}</p>
      <ul>
        <li>{t('accessibility.recourseForm', { url: d.recourse.defenseurDesDroits })}</li>
        <li>{t('accessibility.recourseDelegate', { url: d.recourse.delegates })}</li>
        <li>{t('accessibility.recourseMail', { address: d.recourse.mail })}</li>
      </ul>
    </Page>
  );
}
