import { describe, expect, test } from 'vitest';
import type { SearchDocument } from '../../../../src/core/search/documents.ts';
import { buildSearchIndex, loadSearchIndex } from '../../../../src/core/search/search-index.ts';
import { suggestTerms } from '../../../../src/core/search/suggestions.ts';

const term = (title: string): SearchDocument => ({ kind: 'term', title, heading: '', text: `${title}的定义。`, url: `/glossary/#term-${title}` });

const index = loadSearchIndex(
  buildSearchIndex([
    term('内部客户'),
    term('内部服务链'),
    term('抵触情绪'),
    term('部门墙'),
    { kind: 'section', title: '部门墙的成因', heading: '', text: '部门墙', url: '/courses/icrm/x/', lessonId: 'x' },
  ]),
);

describe('suggestTerms', () => {
  test('offers first the glossary terms that share characters with the query', () => {
    expect(suggestTerms(index, '抵制情况', 2)).toEqual(['抵触情绪', '内部客户']);
  });

  test('falls back to the glossary order, and offers terms only, never sections', () => {
    expect(suggestTerms(index, '天气', 10)).toEqual(['内部客户', '内部服务链', '抵触情绪', '部门墙']);
  });
});
