// The peer of the kiosk's offline start (test/bench/kiosk.bench.ts): Preact rendering one heading
// and one button, served from a service worker's cache. No texts to load, no content, no fonts.
import { render } from 'preact';
import { useState } from 'preact/hooks';

function Shell() {
  const [pressed, setPressed] = useState(0);
  return (
    <main>
      <h1>Bienvenue à la mairie</h1>
      <button type="button" onClick={() => setPressed(pressed + 1)}>
        Commencer ({pressed})
      </button>
    </main>
  );
}

render(<Shell />, document.getElementById('app')!);
void navigator.serviceWorker?.register('/sw.js');
