import { encode } from 'uqr';

export interface QrCodeOptions {
  /**
   * Error correction. L (the default) keeps a long code as small as it can be: a certificate's code carries the whole
   * credential and is printed on paper. M survives a projector's glare and a phone held at an angle, for short links.
   */
  ecc?: 'L' | 'M';
  /** What a screen reader announces (an SVG title); without it the code is hidden from them, for a wrapper to name. */
  label?: string;
}

/**
 * Draws a QR code as SVG: one path whose horizontal runs of dark modules are single rectangles, a fraction of the size
 * of one square per module (a certificate's code is about 120 modules a side).
 */
export function qrCodeSvg(text: string, { ecc = 'L', label }: QrCodeOptions = {}): { svg: string; version: number } {
  const { data, size, version } = encode(text, { ecc, border: 4 });
  let path = '';
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < size && row[end + 1]) end++;
      path += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`;
      x = end;
    }
  });
  const title = label === undefined ? '' : escapeXml(label);
  const naming = label === undefined ? 'aria-hidden="true"' : `role="img" aria-label="${title}"`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" ${naming}>` +
    (label === undefined ? '' : `<title>${title}</title>`) +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return { svg, version };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
