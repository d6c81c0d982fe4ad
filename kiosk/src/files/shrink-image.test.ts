import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../content/model/index.ts';
import { fitWithin } from './shrink-image.ts';

// The pixels themselves are shrunk in real Chromium: test/e2e/shrink-image.test.ts.
describe('fitWithin', () => {
  it('brings the long side down to the limit, the ratio kept', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: LIMITS.maxImageSide, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: LIMITS.maxImageSide });
    expect(fitWithin(1920, 1080, 1600)).toEqual({ width: 1600, height: 900 });
  });

  it('never enlarges', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    expect(fitWithin(1, 1)).toEqual({ width: 1, height: 1 });
  });

  it('keeps at least one pixel on a very thin image', () => {
    expect(fitWithin(10000, 2)).toEqual({ width: 1600, height: 1 });
  });
});
