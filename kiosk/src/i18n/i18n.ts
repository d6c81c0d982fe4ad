// Owns the interface language: i18next, the current locale signal and the `<html lang dir>`
// it implies. Each locale's ui.json is its own chunk, loaded the first time it is chosen.
import i18next, { type TOptions } from 'i18next';
import { signal } from '@preact/signals';
import type { LocaleInfo, Text } from '../../../content/model/index.ts';
import { frenchSpacing } from './typography.ts';

type Resources = Record<string, unknown>;

const loaders = import.meta.glob<Resources>('../../../content/locales/*/ui.json', { import: 'default' });

function loaderFor(code: string) {
  return loaders[`../../../content/locales/${code}/ui.json`];
}

/** The locales the interface has texts for, whatever the site offers. */
export function hasInterfaceTexts(code: string): boolean {
  return loaderFor(code) !== undefined;
}

export const FALLBACK_LOCALE = 'fr';

/** The locale the person chose; components that call `t` or `text` re-render when it changes. */
export const locale = signal<string>(FALLBACK_LOCALE);

let localeInfos: readonly LocaleInfo[] = [];

/** Tells i18n which locales the site offers, for their `lang` and `dir`. */
export function setSiteLocales(infos: readonly LocaleInfo[]): void {
  localeInfos = infos;
}

export function localeInfo(code: string): LocaleInfo | undefined {
  return localeInfos.find((l) => l.code === code);
}

/** The `lang` attribute for a locale: its speech language when it has one (FALC is `fr`). */
export function langOf(code: string): string {
  // Before the content (and its locales) is loaded, a private-use tag falls back to its
  // language: `fr-x-falc` is French to a screen reader and a voice.
  return localeInfo(code)?.speech ?? code.split('-x-')[0] ?? code;
}

export function dirOf(code: string): 'ltr' | 'rtl' {
  return localeInfo(code)?.dir ?? (code === 'ar' ? 'rtl' : 'ltr');
}

async function ensureLoaded(code: string): Promise<void> {
  if (i18next.hasResourceBundle(code, 'ui')) return;
  const load = loaderFor(code);
  if (!load) throw new Error(`No interface texts for locale ${code}`);
  i18next.addResourceBundle(code, 'ui', await load(), true, true);
}

let started: Promise<void> | undefined;

/** Starts i18next with the fallback locale's texts; safe to call more than once. */
export function startI18n(): Promise<void> {
  started ??= (async () => {
    await i18next.init({
      lng: FALLBACK_LOCALE,
      fallbackLng: FALLBACK_LOCALE,
      ns: ['ui'],
      defaultNS: 'ui',
      resources: {},
      interpolation: { escapeValue: false },
      returnNull: false,
      // No advertisement in the terminal's console.
      showSupportNotice: false,
    });
    await ensureLoaded(FALLBACK_LOCALE);
    applyDocumentLanguage(FALLBACK_LOCALE);
  })();
  return started;
}

function applyDocumentLanguage(code: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = langOf(code);
  document.documentElement.dir = dirOf(code);
}

/** Switches the interface language and `<html lang dir>`; content texts follow. */
export async function setLocale(code: string): Promise<void> {
  await startI18n();
  await ensureLoaded(code);
  await i18next.changeLanguage(code);
  applyDocumentLanguage(code);
  locale.value = code;
}

/** An interface text. Reading `locale` subscribes the calling component to language changes. */
export function t(key: string, options?: TOptions): string {
  const lng = locale.value;
  // i18next's overloads want literal keys; ours are checked by the key diff between locales.
  const translate = i18next.t as unknown as (key: string, options: TOptions) => string;
  return typeset(lng, translate(key, { ...options, lng }));
}

/** French texts get French spacing; the others are as written. */
function typeset(code: string, value: string): string {
  return langOf(code) === 'fr' ? frenchSpacing(value) : value;
}

/**
 * An interface text in a given locale, whatever the screen's: the French beside the person's
 * language on a printed paper. French is always loaded; another locale must be the screen's.
 */
export function tIn(code: string, key: string, options?: TOptions): string {
  const translate = i18next.t as unknown as (key: string, options: TOptions) => string;
  return typeset(code, translate(key, { ...options, lng: code }));
}

/** A content text in a given locale, French when it is missing. */
export function textIn(code: string, value: Text | undefined): string {
  if (!value) return '';
  const own = value[code];
  return own !== undefined ? typeset(code, own) : typeset(FALLBACK_LOCALE, value[FALLBACK_LOCALE] ?? Object.values(value)[0] ?? '');
}

/** A content text (procedure, site) in the current locale, French when a text is missing. */
export function text(value: Text | undefined): string {
  if (!value) return '';
  return textIn(locale.value, value);
}

/** The BCP 47 tag for dates and numbers; Arabic keeps Western digits as French papers do. */
export function formatLocale(code: string = locale.value): string {
  if (code === 'ar') return 'ar-u-nu-latn';
  return langOf(code);
}

/** Whether an interface text exists (a server error code may be unknown here). */
export function hasText(key: string): boolean {
  return i18next.exists(key, { lng: locale.value });
}
