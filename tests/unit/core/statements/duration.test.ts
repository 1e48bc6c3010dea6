import { describe, expect, test } from 'vitest';
import { durationToMilliseconds, isIsoDuration, millisecondsToDuration } from '../../../../src/core/statements/duration.ts';

describe('ISO 8601 durations', () => {
  test.each([
    ['PT0S', 0],
    ['PT1M30S', 90_000],
    ['PT1H', 3_600_000],
    ['P1DT2H', 93_600_000],
    ['PT0.25S', 250],
    ['P1W', 604_800_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(isIsoDuration(text)).toBe(true);
    expect(durationToMilliseconds(text)).toBe(ms);
  });

  test.each(['P', 'PT', '1M', 'PT1.5', 'P1DT', 'PT-1S', ''])('rejects %s', (text) => {
    expect(isIsoDuration(text)).toBe(false);
    expect(durationToMilliseconds(text)).toBeNaN();
  });

  test.each([
    [0, 'PT0S'],
    [95_000, 'PT1M35S'],
    [3_600_000, 'PT1H'],
    [3_725_250, 'PT1H2M5.25S'],
    [-5, 'PT0S'],
  ])('formats %i ms as %s, which reads back the same', (ms, text) => {
    expect(millisecondsToDuration(ms)).toBe(text);
    expect(durationToMilliseconds(text)).toBe(Math.max(0, ms));
  });
});
