// Starts what the app needs before its first screen: interface texts, history, content.
import { effect } from '@preact/signals';
import { contentState, loadContent } from './content/content-store.ts';
import { hasInterfaceTexts, setLocale, setSiteLocales, startI18n } from './i18n/i18n.ts';
import { listenToHistory } from './router/history.ts';

let languageSet = false;

export async function start(): Promise<void> {
  await startI18n();
  listenToHistory();
  effect(() => {
    const state = contentState.value;
    if (state.status !== 'ready') return;
    setSiteLocales(state.content.site.locales);
    const first = state.content.site.defaultLocale;
    if (!languageSet && hasInterfaceTexts(first)) {
      languageSet = true;
      void setLocale(first);
    }
  });
  void loadContent();
}
