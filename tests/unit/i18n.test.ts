import { describe, expect, test } from 'vitest';
import { en } from '../../src/i18n/ui-en.ts';
import { interpolate, t, zhCN, type UiKey } from '../../src/i18n/ui.ts';
import { zhCNPages } from '../../src/i18n/ui-pages.ts';

const chinese: Record<UiKey, string> = { ...zhCN, ...zhCNPages };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the interface dictionary', () => {
  test('gives every key the same placeholders in Chinese and English', () => {
    const mismatched = (Object.keys(chinese) as UiKey[]).filter(
      (key) => placeholders(chinese[key]).join() !== placeholders(en[key]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  test('has no empty English string where Chinese has text', () => {
    const empty = (Object.keys(chinese) as UiKey[]).filter((key) => chinese[key] && !en[key].trim());
    expect(empty).toEqual([]);
  });
});

describe('t', () => {
  test('fills placeholders in Chinese, the language pages are rendered in', () => {
    expect(t('course.lessonNumber', { n: 3 })).toBe('第 3 课');
    expect(interpolate(en['course.lessonNumber'], { n: 3 })).toBe('Lesson 3');
  });
});

describe('interpolate', () => {
  test('leaves a placeholder without a value visible rather than printing undefined', () => {
    expect(interpolate('{a} 和 {b}', { a: 1 })).toBe('1 和 {b}');
  });
});
