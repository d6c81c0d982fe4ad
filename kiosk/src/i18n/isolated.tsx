// Sentences that carry a name someone typed (a resident's, a helper's): each name is rendered
// in its own <bdi>, so that a right-to-left name in a French sentence, or a right-to-left
// override (U+202E) typed in it, cannot reorder the rest of the sentence. The text itself is
// unchanged: screen readers and the accessibility tree read the same words.
import type { ComponentChildren } from 'preact';
import { t } from './i18n.ts';

const MARK = /(\uE000\d+\uE001)/;

/**
 * `t(key)` with `names` interpolated, each isolated in a <bdi>; other options as `t` takes them.
 *
 * @example <p>{tIsolated('mediation.banner.text', { helper: 'Marc', resident: 'مريم' })}</p>
 */
export function tIsolated(key: string, names: Record<string, string>, options: Record<string, unknown> = {}): ComponentChildren {
  const keys = Object.keys(names);
  // Private-use marks stand in for the names while i18next fills the sentence.
  const marks = Object.fromEntries(keys.map((name, i) => [name, `\uE000${i}\uE001`]));
  return t(key, { ...options, ...marks })
    .split(MARK)
    .filter((part) => part !== '')
    .map((part, index) => {
      const found = /^\uE000(\d+)\uE001$/.exec(part);
      return found ? <bdi key={index}>{names[keys[Number(found[1])]!]}</bdi> : part;
    });
}
