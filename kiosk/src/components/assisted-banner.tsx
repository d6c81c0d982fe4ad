import { t } from '../i18n/i18n.ts';
import { tIsolated } from '../i18n/isolated.tsx';
import { pathOf } from '../router/routes.ts';
import { untilText } from '../staff/mandate-texts.ts';
import { assisted } from '../staff/assisted-session.ts';
import { Link } from './link.tsx';
import { Pictogram } from './pictogram.tsx';

/** Under the banner of every screen while a mediator helps a resident: who helps whom, until when. */
export function AssistedBanner() {
  const open = assisted.value;
  if (!open) return null;
  return (
    <section class="assisted" aria-labelledby="assisted-title">
      <div class="assisted__inner">
        <Pictogram name="people" />
        <p class="assisted__text">
          <strong id="assisted-title">{t('mediation.banner.label')}</strong>{' '}
          {tIsolated('mediation.banner.text', { helper: open.helper, resident: open.mandate.residentName })}{' '}
          {t('mediation.banner.until', { until: untilText(open.mandate) })}
        </p>
        <Link class="assisted__link" href={pathOf({ name: 'mediation' })}>
          {t('mediation.banner.space')}
        </Link>
      </div>
    </section>
  );
}
