import { describe, expect, test } from 'vitest';
import { highlight, snippet, type TextPart } from '../../../../src/core/search/snippet.ts';
import { createTokenizer, tokenize } from '../../../../src/core/search/tokenizer.ts';

/** Shows parts the way a reader sees them, with marked words in brackets. */
const show = (parts: TextPart[]) => parts.map((part) => (part.match ? `[${part.text}]` : part.text)).join('');

describe('highlight', () => {
  test('marks whole matched words and nothing inside other words', () => {
    expect(show(highlight('跨部门协作要靠部门之间的信任', new Set(['部门', '信任']), tokenize))).toBe(
      '跨[部门]协作要靠[部门]之间的[信任]',
    );
    expect(show(highlight('部门墙', new Set(['部']), tokenize))).toBe('部门墙');
  });

  test('marks a Latin word whatever its case or width', () => {
    expect(show(highlight('CRM 系统与ＣＲＭ软件', new Set(['crm']), tokenize))).toBe('[CRM] 系统与[ＣＲＭ]软件');
  });

  test('marks a matched phrase as one run', () => {
    const withPhrase = createTokenizer(['内部服务链']);
    expect(show(highlight('画出内部服务链', new Set(['内部服务链', '内部', '服务', '链']), withPhrase))).toBe('画出[内部服务链]');
  });

  test('returns the text unmarked when nothing matches', () => {
    expect(highlight('没有匹配', new Set(['客户']), tokenize)).toEqual([{ text: '没有匹配', match: false }]);
  });
});

describe('snippet', () => {
  const filler = '这一段只是铺垫，说的是别的事情。'.repeat(8);
  const text = `${filler}\n第二件事。关系需要双方投入，信任要靠日常小事积累，而抵触情绪往往来自顾虑。${filler}`;

  test('picks the passage with the matches, from the start of its sentence, with ellipses where it cuts', () => {
    const parts = snippet(text, new Set(['信任', '抵触', '情绪']), tokenize, 40);
    expect(show(parts)).toBe('…关系需要双方投入，[信任]要靠日常小事积累，而[抵触][情绪]往往来自顾虑。这一段只是铺垫…');
  });

  test('prefers the passage holding more distinct matched words', () => {
    const parts = snippet(`信任。${filler}信任与抵触。${filler}`, new Set(['信任', '抵触']), tokenize, 30);
    expect(show(parts)).toMatch(/^…\[信任\]与\[抵触\]。/);
  });

  test('starts at the beginning of a text with no match in it, and flattens line breaks', () => {
    expect(show(snippet(`第一行\n第二行${filler}`, new Set(['客户']), tokenize, 12))).toBe('第一行 第二行这一段只是…');
  });

  test('returns a short text whole', () => {
    expect(show(snippet('信任要靠积累。', new Set(['信任']), tokenize))).toBe('[信任]要靠积累。');
  });
});
