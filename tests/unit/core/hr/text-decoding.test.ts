import { describe, expect, test } from 'vitest';
import { decodeCsvBytes, sniffDelimiter } from '../../../../src/core/hr/text-decoding.ts';
import { encodeGbk } from '../../../support/gbk.ts';

const roster = '工号,姓名,部门\nE001,张伟,销售部\n';

describe('decodeCsvBytes', () => {
  test('reads UTF-8 without a BOM', () => {
    expect(decodeCsvBytes(new TextEncoder().encode(roster))).toEqual({ ok: true, text: roster, encoding: 'utf-8' });
  });

  test('drops a UTF-8 BOM and says it was there', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(roster)]);
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: roster, encoding: 'utf-8-bom' });
  });

  test('recognises GBK, as Excel saves Chinese CSV on Windows', () => {
    const bytes = encodeGbk('工号,姓名,部门\nE002,欧阳娜娜,人力资源部\n');
    expect(bytes.length).toBeLessThan(new TextEncoder().encode('工号,姓名,部门\nE002,欧阳娜娜,人力资源部\n').length);
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: '工号,姓名,部门\nE002,欧阳娜娜,人力资源部\n', encoding: 'gbk' });
  });

  test('reads UTF-16 with its BOM (Excel’s “Unicode text”)', () => {
    const text = '工号\t姓名\t部门\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + i * 2, text.charCodeAt(i), true);
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text, encoding: 'utf-16le' });
  });

  test('refuses bytes that are neither UTF-8 nor GBK instead of guessing', () => {
    const result = decodeCsvBytes(new Uint8Array([0x41, 0x81, 0x20, 0x42]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('UTF-8');
  });
});

describe('sniffDelimiter', () => {
  test('takes the separator the header uses most', () => {
    expect(sniffDelimiter('工号,姓名,部门\n1,2,3')).toBe(',');
    expect(sniffDelimiter('工号\t姓名\t部门\n')).toBe('\t');
    expect(sniffDelimiter('工号;姓名;部门')).toBe(';');
    expect(sniffDelimiter('工号')).toBe(',');
  });
});
