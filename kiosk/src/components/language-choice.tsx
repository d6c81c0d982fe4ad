import type { LocaleInfo } from '../../../content/model/index.ts';
import { hasInterfaceTexts, langOf, locale, setLocale } from '../i18n/i18n.ts';

/** The languages, each named in itself and marked with its own `lang`. */
export function LanguageChoice({
  locales,
  labelledBy,
  onChosen,
}: {
  locales: readonly LocaleInfo[];
  labelledBy: string;
  onChosen?: () => void;
}) {
  const current = locale.value;
  return (
    <ul class="languages" aria-labelledby={labelledBy}>
      {locales
        .filter((l) => hasInterfaceTexts(l.code))
        .map((l) => (
          <li key={l.code}>
            <button
              type="button"
              class="language-button"
              lang={langOf(l.code)}
              dir={l.dir}
              aria-pressed={l.code === current ? 'true' : 'false'}
              onClick={async () => {
                await setLocale(l.code);
                onChosen?.();
              }}
            >
              {l.name}
            </button>
          </li>
        ))}
    </ul>
  );
}
