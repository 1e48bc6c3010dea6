import fc from 'fast-check';
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
    ['PT1.5H', 5_400_000],
    ['PT0.5M1S', 31_000],
    ['PT007S', 7000],
    ['PT1234567890123456S', 1234567890123456000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(isIsoDuration(text)).toBe(true);
    expect(durationToMilliseconds(text)).toBe(ms);
  });

  test.each(['P', 'PT', '1M', 'PT1.5', 'P1DT', 'PT-1S', '', 'PT1S1M', 'PT1H1H', 'PT1.S', 'PT.5S', 'PT1.5S2', 'PT5', 'PTS', 'PT1M ', 'pt1S'])('rejects %s', (text) => {
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

  test('reads any hours, minutes and seconds as their sum, each part optional and seconds with a fraction', () => {
    const digits = fc.integer({ min: 0, max: 99_999 });
    fc.assert(
      fc.property(fc.option(digits), fc.option(digits), fc.option(fc.tuple(digits, fc.option(fc.stringMatching(/^\d{1,3}$/)))), (h, m, s) => {
        fc.pre(h !== null || m !== null || s !== null);
        const seconds = s === null ? '' : `${s[0]}${s[1] === null ? '' : `.${s[1]}`}`;
        const text = `PT${h === null ? '' : `${h}H`}${m === null ? '' : `${m}M`}${s === null ? '' : `${seconds}S`}`;
        expect(isIsoDuration(text)).toBe(true);
        expect(durationToMilliseconds(text)).toBe((((h ?? 0) * 60 + (m ?? 0)) * 60 + (s === null ? 0 : Number(seconds))) * 1000);
      }),
    );
  });
});
