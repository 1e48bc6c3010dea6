/** The encodings a roster file may come in: Excel on Windows saves Chinese CSV as GBK unless told otherwise. */
export type RosterEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gbk';

export type DecodedText = { ok: true; text: string; encoding: RosterEncoding } | { ok: false; message: string };

/**
 * Decodes a CSV file's bytes: a BOM names the encoding; otherwise valid UTF-8 is UTF-8 and anything else is tried as GBK
 * (WHATWG's gbk decoder is GB18030, a superset). Text that is neither is refused rather than guessed into mojibake.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strictDecode('utf-8', bytes.subarray(3));
    return text === undefined ? unreadable() : { ok: true, text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = strictDecode('utf-16le', bytes.subarray(2));
    return text === undefined ? unreadable() : { ok: true, text, encoding: 'utf-16le' };
  }
  const utf8 = strictDecode('utf-8', bytes);
  if (utf8 !== undefined) return { ok: true, text: utf8, encoding: 'utf-8' };
  const gbk = strictDecode('gbk', bytes);
  return gbk === undefined ? unreadable() : { ok: true, text: gbk, encoding: 'gbk' };
}

function strictDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function unreadable(): DecodedText {
  return { ok: false, message: '无法识别文件的编码：请在 Excel 中“另存为”CSV UTF-8（逗号分隔）后重新上传。' };
}

/** The field separator of a CSV: the one the header line uses most (Excel writes tabs for “Unicode text”, semicolons in some locales). */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  const counts = ([',', '\t', ';'] as const).map((delimiter) => [delimiter, header.split(delimiter).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best![1] > 0 ? best![0] : ',';
}
