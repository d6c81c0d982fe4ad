import type { Content } from '../../../content/model/index.ts';
import { LanguageChoice } from '../components/language-choice.tsx';
import { Link } from '../components/link.tsx';
import { Heading, Page } from '../components/page.tsx';
import { Pictogram } from '../components/pictogram.tsx';
import { t } from '../i18n/i18n.ts';
import { navigate, returnPath } from '../router/history.ts';

export function LanguageScreen({ content }: { content: Content }) {
  return (
    <Page title={t('language.title')} town={content.site.town}>
      <Heading>{t('language.title')}</Heading>
      <p class="lead" id="language-lead">
        {t('language.lead')}
      </p>
      <LanguageChoice
        locales={content.site.locales}
        labelledBy="page-heading"
        onChosen={() => navigate(returnPath.value, { replace: true })}
      />
    </Page>
  );
}

export function HelpScreen({ town }: { town: string }) {
  return (
    <Page title={t('help.title')} town={town}>
      <Heading>{t('help.title')}</Heading>
      <h2>{t('help.whatHeading')}</h2>
      <p>{t('help.what')}</p>
      <h2>{t('help.howHeading')}</h2>
      <p>{t('help.how')}</p>
      <h2>{t('help.askHeading')}</h2>
      <p>{t('help.ask')}</p>
      <h2>{t('help.dataHeading')}</h2>
      <p>{t('help.data')}</p>
      <p class="actions">
        <Link class="button button--secondary" href={returnPath.value}>
          <Pictogram name="back" />
          {t('help.back')}
        </Link>
      </p>
    </Page>
  );
}

export function NotFoundScreen({ town }: { town: string }) {
  return (
    <Page title={t('notFound.title')} town={town}>
      <Heading>{t('notFound.title')}</Heading>
      <p>{t('notFound.body')}</p>
      <p class="actions">
        <Link class="button button--primary" href="/">
          <Pictogram name="home" />
          {t('notFound.home')}
        </Link>
      </p>
    </Page>
  );
}

export function ContentErrorScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <Page title={t('contentError.title')} town="">
      <Heading>{t('contentError.title')}</Heading>
      <p>{t('contentError.body')}</p>
      <p class="actions">
        <button type="button" class="button button--primary" onClick={onRetry}>
          <Pictogram name="repeat" />
          {t('contentError.retry')}
        </button>
      </p>
    </Page>
  );
}

export function LoadingScreen() {
  return (
    <p class="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
