import { useEffect } from 'preact/hooks';
import { tIsolated } from '../i18n/isolated.tsx';
import type { Content } from '../../../content/model/index.ts';
import type { AssistedSessionView } from '../api/staff-client.ts';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { StaffSignInForm, StaffSignOut } from '../components/staff-sign-in.tsx';
import { formatLocale, t, text } from '../i18n/i18n.ts';
import { proceduresText, untilText } from '../staff/mandate-texts.ts';
import { pathOf } from '../router/routes.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { assisted, assistedSessions, refreshAssistedSessions } from '../staff/assisted-session.ts';
import { staff } from '../staff/staff-session.ts';

function SessionItem({ content, session }: { content: Content; session: AssistedSessionView }) {
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return (
    <li class="staff-requests__item">
      <strong>
        <bdi>{session.residentName}</bdi>
      </strong>
      <span>{t('mediation.sessionLine', { procedures: proceduresText(content, session.procedureIds), until: untilText(session) })}</span>
      <span>{session.active ? t('mediation.active') : t('mediation.ended')}</span>
      {session.requests.length === 0 ? (
        <span>{t('mediation.noRequests')}</span>
      ) : (
        <ul class="assisted-requests">
          {session.requests.map((r) => (
            <li key={r.reference}>
              {text(content.procedures.find((p) => p.id === r.procedureId)?.title) || r.procedureId}
              {' — '}
              {t('agents.requestLine', { reference: r.reference, date: date.format(new Date(r.receivedAt)), status: t(`agents.status.${r.status}`) })}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A signed-in mediator's space: open an assisted session, today's sessions and their requests, sign-out. */
function MediatorSpace({ content, name }: { content: Content; name: string }) {
  useEffect(() => void refreshAssistedSessions(), []);
  const sessions = assistedSessions.value;
  const open = assisted.value;
  return (
    <Page title={t('mediation.title')} town={content.site.town}>
      <Heading>{t('mediation.title')}</Heading>
      <p class="lead">{tIsolated('mediation.signedInAs', { name })}</p>
      <section class="section" aria-labelledby="assist-heading">
        <h2 id="assist-heading" class="section__title">
          {open ? t('mediation.currentHeading') : t('mediation.openHeading')}
        </h2>
        {open ? (
          <p>
            <Link class="button button--primary" href={pathOf({ name: 'home' })}>
              <Pictogram name="next" />
              {t('mediation.ready.start')}
            </Link>
          </p>
        ) : (
          <>
            <p>{t('mediation.openHint')}</p>
            <p>
              <Link class="button button--primary" href={pathOf({ name: 'assist', step: 'resident' })}>
                <Pictogram name="people" />
                {t('mediation.open')}
              </Link>
            </p>
          </>
        )}
      </section>
      <section class="section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" class="section__title">
          {t('mediation.todayHeading')}
        </h2>
        {sessions === undefined ? (
          <p role="status">{t('app.loading')}</p>
        ) : sessions.length === 0 ? (
          <p>{t('mediation.noSessions')}</p>
        ) : (
          <ul class="staff-requests">
            {sessions.map((session) => (
              <SessionItem key={session.id} content={content} session={session} />
            ))}
          </ul>
        )}
      </section>
      <StaffSignOut />
    </Page>
  );
}

/** "Espace médiateurs": sign-in, then the mediator's space. */
export function MediationScreen({ content }: { content: Content }) {
  const member = staff.value;
  if (member?.role === 'mediator') return <MediatorSpace content={content} name={member.displayName} />;
  return <StaffSignInForm town={content.site.town} role="mediator" texts="mediation" />;
}
