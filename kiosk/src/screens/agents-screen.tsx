import { useEffect } from 'preact/hooks';
import { tIsolated } from '../i18n/isolated.tsx';
import type { Content } from '../../../content/model/index.ts';
import { Link } from '../components/link.tsx';
import { StaffSignInForm, StaffSignOut } from '../components/staff-sign-in.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { formatLocale, t, text } from '../i18n/i18n.ts';
import { pathOf } from '../router/routes.ts';
import { kioskSession } from '../session/kiosk-session.ts';
import { refreshRequests, staff, staffRequests } from '../staff/staff-session.ts';

/** A signed-in agent's space: their procedures (audience agent only), their requests, sign-out. */
function AgentSpace({ content, name }: { content: Content; name: string }) {
  useEffect(() => void refreshRequests(), []);
  const procedures = content.procedures.filter((p) => p.audience === 'agent');
  const titles = new Map(content.procedures.map((p) => [p.id, p.title]));
  const requests = staffRequests.value;
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return (
    <Page title={t('agents.title')} town={content.site.town}>
      <Heading>{t('agents.title')}</Heading>
      <p class="lead">{tIsolated('agents.signedInAs', { name })}</p>
      <section class="section" aria-labelledby="agent-procedures">
        <h2 id="agent-procedures" class="section__title">
          {t('agents.proceduresHeading')}
        </h2>
        <ul class="procedures">
          {procedures.map((procedure) => (
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
      <section class="section" aria-labelledby="agent-requests">
        <h2 id="agent-requests" class="section__title">
          {t('agents.requestsHeading')}
        </h2>
        {requests === undefined ? (
          <p role="status">{t('app.loading')}</p>
        ) : requests.length === 0 ? (
          <p>{t('agents.noRequests')}</p>
        ) : (
          <ul class="staff-requests">
            {requests.map((r) => (
              <li key={r.reference} class="staff-requests__item">
                <strong>{text(titles.get(r.procedureId)) || r.procedureId}</strong>
                <span>
                  {t('agents.requestLine', { reference: r.reference, date: date.format(new Date(r.receivedAt)), status: t(`agents.status.${r.status}`) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <StaffSignOut />
    </Page>
  );
}

/** "Espace agents": sign-in, then the agent's procedures and requests. */
export function AgentsScreen({ content }: { content: Content }) {
  const member = staff.value;
  if (member?.role === 'agent') return <AgentSpace content={content} name={member.displayName} />;
  return <StaffSignInForm town={content.site.town} role="agent" texts="agents" />;
}
