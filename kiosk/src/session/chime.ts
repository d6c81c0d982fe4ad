// Owns the inactivity warning's sound: two soft tones through Web Audio, so the warning is
// heard as well as seen and read (accessibility target 14). Silent where there is no audio.

let context: AudioContext | undefined;

export function chime(): void {
  try {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [offset, frequency] of [[0, 660], [0.35, 880]] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.32);
    }
  } catch {
    // No sound device, or autoplay refused before any touch: the text and speech remain.
  }
}
