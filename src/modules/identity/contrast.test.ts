import { describe, expect, it } from 'vitest';
import { checkBrandColour, contrastRatio, parseHexColour, ratioForDisplay, relativeLuminance } from './contrast.js';

describe('WCAG 2.x contrast', () => {
  it('gives the luminance of black, white and the primaries', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 10);
    expect(relativeLuminance('#ff0000')).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance('#00ff00')).toBeCloseTo(0.7152, 4);
    expect(relativeLuminance('#0000ff')).toBeCloseTo(0.0722, 4);
  });

  it('matches published ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // Reference values from the WebAIM contrast checker.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#005a9c', '#ffffff')).toBeCloseTo(7.09, 1);
    expect(contrastRatio('#ff0000', '#ffffff')).toBeCloseTo(4.0, 2);
  });

  it('is symmetric', () => {
    expect(contrastRatio('#6b2c91', '#ffffff')).toBe(contrastRatio('#ffffff', '#6b2c91'));
  });

  it.each(['#005a9c', '#6b2c91', '#767676', '#000000', '#B00020'])('accepts %s as a brand colour', (c) => {
    expect(checkBrandColour(c).ok).toBe(true);
  });

  it.each(['#777777', '#ffbf47', '#ffffff', '#ff0000', '#00a3e0'])('refuses %s as a brand colour', (c) => {
    const verdict = checkBrandColour(c);
    expect(verdict.ok).toBe(false);
    expect(verdict.ratio).toBeLessThan(4.5);
  });

  it('never shows a failing ratio as reaching the threshold', () => {
    expect(ratioForDisplay(4.4999)).toBe(4.49);
    expect(ratioForDisplay(contrastRatio('#777777', '#ffffff'))).toBe(4.47);
  });

  it('reads #rrggbb in either case and nothing else', () => {
    expect(parseHexColour('#00AAFF')).toBe('#00aaff');
    expect(parseHexColour(' #00aaff ')).toBe('#00aaff');
    for (const bad of ['00aaff', '#0af', '#00aaffff', 'blue', '#gg0000', 'rgb(0,0,0)', '']) expect(parseHexColour(bad)).toBeNull();
  });
});
