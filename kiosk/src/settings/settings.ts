// Owns the display settings of the person at the terminal: text size, theme, spacing,
// animations, read-aloud. They last for the person's session; `resetSettings()` is called
// when the session ends (Terminer, idle timeout, sign-out), so the next person starts plain.
// Signals only: the panel renders them, `applySettings` (apply.ts) writes them to <html>.
import { batch, signal } from '@preact/signals';

export const TEXT_SIZES = [100, 150, 200] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export const THEMES = ['default', 'dark', 'contrast'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  textSize: TextSize;
  theme: Theme;
  /** WCAG 1.4.12 spacing: letters 0.12em, words 0.16em, lines 1.5, paragraphs 2em. */
  moreSpacing: boolean;
  pauseAnimations: boolean;
  readAloud: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  textSize: 100,
  theme: 'default',
  moreSpacing: false,
  pauseAnimations: false,
  readAloud: false,
});

export const textSize = signal<TextSize>(DEFAULT_SETTINGS.textSize);
export const theme = signal<Theme>(DEFAULT_SETTINGS.theme);
export const moreSpacing = signal<boolean>(DEFAULT_SETTINGS.moreSpacing);
export const pauseAnimations = signal<boolean>(DEFAULT_SETTINGS.pauseAnimations);
export const readAloud = signal<boolean>(DEFAULT_SETTINGS.readAloud);

/** Whether the settings panel is open; closed at session end too. */
export const settingsOpen = signal<boolean>(false);

/** The current settings as one value. */
export function currentSettings(): Settings {
  return {
    textSize: textSize.value,
    theme: theme.value,
    moreSpacing: moreSpacing.value,
    pauseAnimations: pauseAnimations.value,
    readAloud: readAloud.value,
  };
}

/**
 * Changes some settings at once (one re-render).
 *
 * @example updateSettings({ theme: 'contrast', textSize: 200 })
 */
export function updateSettings(change: Partial<Settings>): void {
  batch(() => {
    if (change.textSize !== undefined && TEXT_SIZES.includes(change.textSize)) textSize.value = change.textSize;
    if (change.theme !== undefined && THEMES.includes(change.theme)) theme.value = change.theme;
    if (change.moreSpacing !== undefined) moreSpacing.value = change.moreSpacing;
    if (change.pauseAnimations !== undefined) pauseAnimations.value = change.pauseAnimations;
    if (change.readAloud !== undefined) readAloud.value = change.readAloud;
  });
}

/** Back to the defaults and the panel closed: what the next person finds. */
export function resetSettings(): void {
  batch(() => {
    updateSettings(DEFAULT_SETTINGS);
    settingsOpen.value = false;
  });
}
