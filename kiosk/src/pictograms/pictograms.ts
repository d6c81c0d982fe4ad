// Every pictogram of content/pictograms, inlined at build time so they work offline and
// follow `currentColor` in every theme and in forced colours.
const files = import.meta.glob<string>('../../../content/pictograms/*.svg', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const byName = new Map(
  Object.entries(files).map(([path, svg]) => [path.slice(path.lastIndexOf('/') + 1, -'.svg'.length), svg.trim()]),
);

/** The SVG markup of a pictogram, or `undefined` for a name with no file. */
export function pictogramSvg(name: string): string | undefined {
  return byName.get(name);
}

/** Pictograms that point a direction, mirrored in right-to-left languages. */
export const DIRECTIONAL = new Set(['back', 'next', 'undo']);
