// Writes the display settings to <html> as data attributes; the stylesheets (tokens.css)
// redefine their variables under them. Started once by start.ts.
import { effect } from '@preact/signals';
import { moreSpacing, pauseAnimations, textSize, theme } from './settings.ts';

/** Keeps `<html data-theme data-text-size data-spacing data-motion>` in step with the settings. */
export function applySettings(root: HTMLElement = document.documentElement): () => void {
  return effect(() => {
    root.dataset.theme = theme.value;
    root.dataset.textSize = String(textSize.value);
    if (moreSpacing.value) root.dataset.spacing = 'more';
    else delete root.dataset.spacing;
    if (pauseAnimations.value) root.dataset.motion = 'paused';
    else delete root.dataset.motion;
  });
}
