import { describe, expect, test } from 'vitest';
import { joinCodeAlphabet, newJoinCode, normaliseJoinCode } from '../../../../src/core/classroom/join-code.ts';

describe('newJoinCode', () => {
  test('makes six characters without 0, O, 1 or I', () => {
    let i = 0;
    const code = newJoinCode((max) => (i++ * 7) % max);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(joinCodeAlphabet).not.toMatch(/[0O1I]/);
    expect(joinCodeAlphabet).toHaveLength(32);
  });
});

describe('normaliseJoinCode', () => {
  test('reads a code typed in lower case, with spaces or a dash', () => {
    expect(normaliseJoinCode(' abc-234 ')).toBe('ABC234');
    expect(normaliseJoinCode('ab c2 34')).toBe('ABC234');
  });

  test('refuses a code of the wrong length or with a character the alphabet leaves out', () => {
    expect(normaliseJoinCode('ABC23')).toBeNull();
    expect(normaliseJoinCode('ABC2345')).toBeNull();
    expect(normaliseJoinCode('ABC10O')).toBeNull();
    expect(normaliseJoinCode('<b>12')).toBeNull();
  });
});
