// Starts the kiosk: styles and fonts, interface texts, history, content, then the app.
import '@fontsource/atkinson-hyperlegible/400.css';
import '@fontsource/atkinson-hyperlegible/700.css';
import '@fontsource/noto-sans-arabic/arabic-400.css';
import '@fontsource/noto-sans-arabic/arabic-700.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/offline.css';
import { render } from 'preact';
import { App, laterScreens } from './app.tsx';
import { start } from './start.ts';

const root = document.getElementById('app');
if (root) {
  await start();
  render(<App />, root);
  // The service worker, the outbox (and Dexie) and the heartbeat load once the home screen is
  // up, so they never delay it.
  const { startOfflineWhenReady, whenIdle } = await import('./offline/offline-service.ts');
  startOfflineWhenReady();
  // The other screens' code, ready before anyone asks for it.
  whenIdle(() => void laterScreens.load());
}
