// A speechSynthesis that records what the kiosk would say (headless Chromium has no audio):
// installed by an init script before the kiosk starts. Each utterance "lasts" 300 ms, so an
// action during it shows up as a `cancel`.
export const SPEECH_MOCK = `(() => {
  const log = [];
  let timers = [];
  const synth = {
    speaking: false, pending: false, paused: false,
    speak(u) {
      log.push({ text: u.text, lang: u.lang, at: Date.now() });
      synth.speaking = true;
      timers.push(setTimeout(() => { synth.speaking = timers.length > 1; timers.shift(); u.onend && u.onend({}); }, 300 * timers.length + 300));
    },
    cancel() { log.push({ cancel: true, at: Date.now() }); timers.forEach(clearTimeout); timers = []; synth.speaking = false; },
    pause() { synth.paused = true; log.push({ pause: true }); },
    resume() { synth.paused = false; log.push({ resume: true }); },
    getVoices() { return [{ lang: 'fr-FR', name: 'espeak-ng French' }, { lang: 'ar', name: 'espeak-ng Arabic' }, { lang: 'en-GB', name: 'espeak-ng English' }]; },
    addEventListener() {}, removeEventListener() {},
  };
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; this.onend = null; this.onerror = null; } }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, 'spokenLog', { value: log });
})();`;

export interface Spoken {
  text?: string;
  lang?: string;
  cancel?: boolean;
  pause?: boolean;
  resume?: boolean;
}
