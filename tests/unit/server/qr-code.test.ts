import { describe, expect, test } from 'vitest';
import { qrCodeSvg } from '../../../src/server/qr-code.ts';

describe('qrCodeSvg', () => {
  test('hides an unnamed code from screen readers, for the element around it to name', () => {
    const { svg, version } = qrCodeSvg('https://example.test/verify/#abc');
    expect(svg).toMatch(/^<svg [^>]*aria-hidden="true"/);
    expect(svg).not.toContain('<title>');
    expect(version).toBeGreaterThan(0);
  });

  test('names a labelled code as an image, with its markup shown as text', () => {
    const { svg } = qrCodeSvg('https://example.test/join/?code=ABCDEF', { label: '加入课堂 <b>"A&B"</b>' });
    expect(svg).toContain('role="img" aria-label="加入课堂 &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"');
    expect(svg).toContain('<title>加入课堂 &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</title>');
  });

  test('spends more modules on error correction M than on L for the same text', () => {
    const text = `https://example.test/join/?code=${'A'.repeat(40)}`;
    expect(qrCodeSvg(text, { ecc: 'M' }).version).toBeGreaterThan(qrCodeSvg(text).version);
  });
});
