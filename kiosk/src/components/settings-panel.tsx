import type { LocaleInfo } from '../../../content/model/index.ts';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import {
  TEXT_SIZES,
  THEMES,
  moreSpacing,
  pauseAnimations,
  readAloud,
  DEFAULT_SETTINGS,
  settingsOpen,
  textSize,
  theme,
  updateSettings,
  type Settings,
} from '../settings/settings.ts';
import { LanguageChoice } from './language-choice.tsx';
import { Pictogram } from './pictogram.tsx';

const SIZE_KEYS = { 100: 'settings.size100', 150: 'settings.size150', 200: 'settings.size200' } as const;
const THEME_KEYS = { default: 'settings.themeDefault', dark: 'settings.themeDark', contrast: 'settings.themeContrast' } as const;

function Options<K extends 'textSize' | 'theme'>({
  name,
  legend,
  values,
  current,
  labelOf,
}: {
  name: K;
  legend: string;
  values: ReadonlyArray<Settings[K]>;
  current: Settings[K];
  labelOf: (value: Settings[K]) => string;
}) {
  return (
    <fieldset class="fieldset settings__group">
      <legend class="fieldset__legend settings__legend">{legend}</legend>
      <div class="choices">
        {values.map((value) => {
          const id = `settings-${name}-${value}`;
          return (
            <div class="choice-card" key={value}>
              <input
                id={id}
                class="choice-card__input"
                type="radio"
                name={`settings-${name}`}
                value={String(value)}
                checked={value === current}
                onChange={() => updateSettings({ [name]: value })}
              />
              <label class={`choice-card__label settings__sample settings__sample--${name}-${value}`} for={id}>
                <span class="choice-card__text">{labelOf(value)}</span>
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

function Toggle({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="choice-card">
      <input
        id={id}
        class="choice-card__input"
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <label class="choice-card__label" for={id}>
        <span class="choice-card__text">{label}</span>
      </label>
    </div>
  );
}

/**
 * The display settings, as a modal dialog: opening moves focus to its title, Esc or Close
 * closes it and focus goes back to the button that opened it; every control is reachable
 * with Tab and nothing else is, so there is no trap (Esc always leaves).
 */
export function SettingsPanel({ locales }: { locales: readonly LocaleInfo[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const open = settingsOpen.value;
  useEffect(() => {
    const box = dialog.current;
    if (!box) return;
    if (open && !box.open) {
      opener.current = document.activeElement as HTMLElement | null;
      box.showModal();
      box.querySelector<HTMLElement>('#settings-title')?.focus();
    } else if (!open && box.open) box.close();
  }, [open]);
  const onClose = () => {
    settingsOpen.value = false;
    const back = opener.current?.isConnected ? opener.current : document.getElementById('settings-button');
    back?.focus();
  };
  return (
    <dialog ref={dialog} id="settings" class="settings" aria-labelledby="settings-title" onClose={onClose}>
      {/* Drawn only when open: the home screen of a slow terminal does not build it for nothing. */}
      {open && (
        <div class="settings__inner">
          <h2 id="settings-title" class="settings__title" tabIndex={-1}>
            <Pictogram name="settings" />
            {t('settings.title')}
          </h2>
          <p>{t('settings.lead')}</p>
          <Options
            name="textSize"
            legend={t('settings.textSize')}
            values={TEXT_SIZES}
            current={textSize.value}
            labelOf={(v) => t(SIZE_KEYS[v])}
          />
          <Options name="theme" legend={t('settings.theme')} values={THEMES} current={theme.value} labelOf={(v) => t(THEME_KEYS[v])} />
          <fieldset class="fieldset settings__group">
            <legend class="fieldset__legend settings__legend">{t('settings.comfort')}</legend>
            <div class="choices choices--column">
              <Toggle id="settings-spacing" label={t('settings.spacing')} checked={moreSpacing.value} onChange={(on) => updateSettings({ moreSpacing: on })} />
              <Toggle id="settings-motion" label={t('settings.pauseAnimations')} checked={pauseAnimations.value} onChange={(on) => updateSettings({ pauseAnimations: on })} />
              <Toggle id="settings-read" label={t('settings.readAloud')} checked={readAloud.value} onChange={(on) => updateSettings({ readAloud: on })} />
            </div>
          </fieldset>
          <h3 id="settings-language" class="settings__legend">
            {t('settings.language')}
          </h3>
          <LanguageChoice locales={locales} labelledBy="settings-language" />
          <p class="actions">
            <button type="button" class="button button--primary" onClick={() => dialog.current?.close()}>
              <Pictogram name="close" />
              {t('settings.close')}
            </button>
            <button type="button" class="button button--secondary" onClick={() => updateSettings(DEFAULT_SETTINGS)}>
              <Pictogram name="undo" />
              {t('settings.reset')}
            </button>
          </p>
        </div>
      )}
    </dialog>
  );
}
