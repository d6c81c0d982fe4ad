// Right-to-left done properly (accessibility.md target 18): the kiosk's styles use logical
// properties only, so Arabic mirrors without a stylesheet of its own; directional pictograms
// are listed for mirroring. The audit checks the result in the page (a11y/audit/in-page.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DIRECTIONAL } from '../kiosk/src/pictograms/pictograms.ts';

const PHYSICAL =
  /(?:^|[\s;{])(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?\s*:|(?:^|[\s;{])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|border-(?:top|bottom)-(?:left|right)-radius/gm;

it('the kiosk styles use logical properties only', () => {
  const dir = 'kiosk/src/styles';
  const found = readdirSync(dir)
    .filter((f) => f.endsWith('.css'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => PHYSICAL.test(line) && !(PHYSICAL.lastIndex = 0)),
    )
    .map(({ where, line }) => `${where} ${line.trim()}`);
  expect(found).toEqual([]);
});

it('pictograms that point a direction are mirrored in right-to-left languages', () => {
  for (const name of ['back', 'next']) expect(DIRECTIONAL.has(name)).toBe(true);
  const css = readFileSync('kiosk/src/styles/components.css', 'utf8');
  expect(css).toMatch(/\[dir='rtl'\] \.pictogram--directional\s*\{\s*transform: scaleX\(-1\);/);
});
