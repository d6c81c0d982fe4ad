import type { ComponentChildren, JSX } from 'preact';
import type { LocaleInfo } from '../../../content/model/index.ts';
import { readAloud, settingsOpen, updateSettings } from '../settings/settings.ts';
import { repeatSpeech, speechState, togglePause, voiceMissing } from '../speech/speech.ts';
import { t } from '../i18n/i18n.ts';
import { currentRoute, openAside } from '../router/history.ts';
import { pathOf, type Route } from '../router/routes.ts';
import { Link } from './link.tsx';
import { OfflineStatus } from './offline-status.tsx';
import { Pictogram } from './pictogram.tsx';
import { FinishButton, TimeoutWarning } from './timeout-warning.tsx';
import { SettingsPanel } from './settings-panel.tsx';
import { conformityStatus } from '../accessibility/declaration.ts';
import { AssistedBanner } from './assisted-banner.tsx';

function Tool({ route, pictogram, label }: { route: Route; pictogram: string; label: string }) {
  const here = currentRoute.value.name === route.name;
  const href = pathOf(route);
  return (
    <li class="tools__item">
      <a
        class="tool"
        href={href}
        aria-current={here ? 'page' : undefined}
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          openAside(route);
        }}
      >
        <Pictogram name={pictogram} />
        <span class="tool__label">{label}</span>
      </a>
    </li>
  );
}

function ToolButton({ id, pictogram, label, ...rest }: { id?: string; pictogram: string; label: string } & Omit<JSX.HTMLAttributes<HTMLButtonElement>, 'label'>) {
  return (
    <li class="tools__item">
      <button type="button" id={id} class="tool" {...rest}>
        <Pictogram name={pictogram} />
        <span class="tool__label">{label}</span>
      </button>
    </li>
  );
}

/** Display settings and read-aloud: after Help, on every screen. Repeat and Pause while reading. */
function DisplayTools() {
  const reading = readAloud.value;
  const paused = speechState.value === 'paused';
  return (
    <>
      <ToolButton
        id="settings-button"
        pictogram="settings"
        label={t('nav.settings')}
        aria-haspopup="dialog"
        aria-expanded={settingsOpen.value ? 'true' : 'false'}
        aria-controls="settings"
        onClick={() => (settingsOpen.value = true)}
      />
      <ToolButton
        pictogram="speaker"
        label={t('nav.readAloud')}
        aria-pressed={reading ? 'true' : 'false'}
        aria-describedby={reading && voiceMissing.value ? VOICE_NOTICE : undefined}
        onClick={() => updateSettings({ readAloud: !reading })}
      />
      {reading ? (
        <>
          <ToolButton pictogram="repeat" label={t('nav.repeat')} data-speech-control="" onClick={() => repeatSpeech()} />
          <ToolButton
            pictogram={paused ? 'play' : 'pause'}
            label={paused ? t('nav.resume') : t('nav.pause')}
            data-speech-control=""
            onClick={() => togglePause()}
          />
        </>
      ) : null}
    </>
  );
}

const VOICE_NOTICE = 'voice-missing';

/** Said in text when read-aloud is on and neither the terminal nor the server has a voice. */
function VoiceNotice() {
  if (!readAloud.value || !voiceMissing.value) return null;
  return (
    <p id={VOICE_NOTICE} class="voice-notice" role="status">
      <Pictogram name="speaker" />
      <span>{t('speech.noVoice')}</span>
    </p>
  );
}

/**
 * The frame of every screen: the banner with the town and the tools (same order, same place
 * on every screen), the main content and the footer.
 */
export function Shell({ town, locales = [], children }: { town?: string; locales?: readonly LocaleInfo[]; children: ComponentChildren }) {
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="banner">
        <div class="banner__inner">
          <p class="banner__town">
            <Pictogram name="home" />
            <span>{town ? t('app.townHall', { town }) : 'Guichet'}</span>
          </p>
          <nav class="tools" aria-label={t('nav.label')}>
            <ul class="tools__list">
              <Tool route={{ name: 'home' }} pictogram="home" label={t('nav.home')} />
              <Tool route={{ name: 'language' }} pictogram="language" label={t('nav.language')} />
              <Tool route={{ name: 'help' }} pictogram="help" label={t('nav.help')} />
              <DisplayTools />
            </ul>
          </nav>
          <FinishButton />
        </div>
      </header>
      <VoiceNotice />
      <AssistedBanner />
      <TimeoutWarning />
      <SettingsPanel locales={locales} />
      <OfflineStatus />
      <main id="main" class="main" tabIndex={-1}>
        <div class="main__inner">{children}</div>
      </main>
      <footer class="footer">
        <div class="footer__inner">
          <p class="footer__status">{t('footer.status', { status: conformityStatus() })}</p>
          <Link href={pathOf({ name: 'accessibility' })} class="footer__link">
            {t('footer.accessibility')}
          </Link>
        </div>
      </footer>
    </div>
  );
}
