let table: Map<string, number[]> | undefined;

/**
 * Encodes text as GBK, the way Excel on a Chinese Windows saves CSV. Node has a GBK decoder but no encoder, so the
 * table is built by decoding every two-byte GBK code once.
 */
export function encodeGbk(text: string): Uint8Array<ArrayBuffer> {
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && char !== '\uFFFD' && !table.has(char)) table.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`GBK cannot encode ${char}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}
