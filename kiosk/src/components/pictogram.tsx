import { DIRECTIONAL, pictogramSvg } from '../pictograms/pictograms.ts';

/** A pictogram beside visible text: decorative for assistive technologies. */
export function Pictogram({ name, size = 'medium' }: { name: string; size?: 'small' | 'medium' | 'large' }) {
  const svg = pictogramSvg(name);
  if (!svg) return null;
  const classes = ['pictogram', `pictogram--${size}`, DIRECTIONAL.has(name) ? 'pictogram--directional' : '']
    .filter(Boolean)
    .join(' ');
  // The markup comes from our own files at build time, never from a person or the network.
  return <span class={classes} data-pictogram={name} aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />;
}
