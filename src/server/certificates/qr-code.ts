import { encode } from 'uqr';

/**
 * Draws a QR code as SVG: one path whose horizontal runs of dark modules are single rectangles, a fraction of the size
 * of one square per module (a certificate's code carries the whole credential, about 120 modules a side).
 * Error correction L keeps the code as small as it can be; it is printed on paper, not worn on a badge.
 */
export function qrCodeSvg(text: string): { svg: string; version: number } {
  const { data, size, version } = encode(text, { ecc: 'L', border: 4 });
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
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges" aria-hidden="true">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return { svg, version };
}
