/** Format checks for the special data types of xAPI 1.0.3 (Part Two, section 4). */

// An absolute IRI: a scheme, a colon and a non-empty rest without whitespace or the characters RFC 3987 excludes.
const iriPattern = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`\u0000-\u001f\u007f]+$/i;
// An IRL is an IRI that locates something, so it must name an authority (scheme://host...).
const irlPattern = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#<>"{}|\\^`\u0000-\u001f\u007f][^\s<>"{}|\\^`\u0000-\u001f\u007f]*$/i;

/** Says whether a string is an absolute IRI (RFC 3987), the best-effort check the specification allows. */
export function isIri(value: string): boolean {
  return iriPattern.test(value);
}

/** Says whether a string is an absolute IRL such as https://example.com/page. */
export function isIrl(value: string): boolean {
  return irlPattern.test(value);
}

const mailtoPattern = /^mailto:[^\s@<>"(),;:]+@[^\s@<>"(),;:/?#]+$/i;

/** Says whether a string is a mailto IRI holding one e-mail address, as "mbox" must be. */
export function isMailtoIri(value: string): boolean {
  return mailtoPattern.test(value);
}

// RFC 5646 section 2.1 (well-formed language tags), case-insensitive.
const alphanum = '[a-z0-9]';
const language = '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})';
const script = '(?:-[a-z]{4})?';
const region = '(?:-(?:[a-z]{2}|[0-9]{3}))?';
const variants = `(?:-(?:${alphanum}{5,8}|[0-9]${alphanum}{3}))*`;
const extensions = `(?:-[0-9a-wy-z](?:-${alphanum}{2,8})+)*`;
const privateUse = `x(?:-${alphanum}{1,8})+`;
const grandfathered =
  'en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|' +
  'art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang';
const languageTagPattern = new RegExp(
  `^(?:${language}${script}${region}${variants}${extensions}(?:-${privateUse})?|${privateUse}|${grandfathered})$`,
  'i',
);

/** Says whether a string is a well-formed RFC 5646 language tag such as zh-CN or en-US. */
export function isLanguageTag(value: string): boolean {
  return languageTagPattern.test(value);
}

// Standard string form (8-4-4-4-12 hex digits). Part Two 4.4 only recommends the RFC 4122 variant, and the
// specification's own simplest example (12345678-1234-5678-1234-567812345678) is not of that variant.
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Says whether a string is a UUID in the standard string form, of any version and variant. */
export function isXapiUuid(value: string): boolean {
  return uuidPattern.test(value);
}

// ISO 8601 combined date and time, extended format; the offset is optional (the specification only recommends it).
const timestampPattern =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Converts an xAPI timestamp to milliseconds since the epoch (a timestamp without an offset is read as UTC),
 * or returns NaN when it is not a real ISO 8601 date and time. A "-00:00" offset is refused: ISO 8601 has no negative zero.
 */
export function timestampToMilliseconds(value: string): number {
  const match = timestampPattern.exec(value);
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second = '00', fraction = '', offset = 'Z'] = match;
  if (/^-00(?::?00)?$/.test(offset)) return Number.NaN;
  const fields = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return Number.NaN;
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetRest = Number(digits.slice(2) || '0');
    if (offsetHours > 23 || offsetRest > 59) return Number.NaN;
    offsetMinutes = (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const milliseconds = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  // Date.UTC maps years 0–99 to 1900–1999; set the year explicitly.
  const date = new Date(utc);
  date.setUTCFullYear(y);
  return date.getTime() + milliseconds - offsetMinutes * 60_000;
}

/** Says whether a string is an ISO 8601 combined date and time as xAPI timestamps must be. */
export function isXapiTimestamp(value: string): boolean {
  return !Number.isNaN(timestampToMilliseconds(value));
}

// ISO 8601:2004 4.4.3.2 durations: PnYnMnDTnHnMnS or PnW; weeks combine with nothing.
const number = '\\d+(?:[.,]\\d+)?';
const durationPattern = new RegExp(
  `^P(?:(?:(${number})Y)?(?:(${number})M)?(?:(${number})D)?(?:T(?:(${number})H)?(?:(${number})M)?(?:(${number})S)?)?|(${number})W)$`,
);

/** Says whether a string is an ISO 8601 duration in the format xAPI allows (e.g. PT1M30.5S, P3Y, P4W). */
export function isXapiDuration(value: string): boolean {
  const match = durationPattern.exec(value);
  if (!match) return false;
  const present = match.slice(1).map((part, index) => ({ part, index })).filter(({ part }) => part !== undefined);
  if (present.length === 0) return false;
  // "T" must be followed by at least one time component.
  if (value.endsWith('T')) return false;
  // Only the smallest component given may carry a decimal fraction.
  return present.slice(0, -1).every(({ part }) => !/[.,]/.test(part!));
}

// Internet media type (RFC 2046): type/subtype with optional parameters.
const token = "[!#$%&'*+.^_`|~0-9a-z-]+";
const mediaTypePattern = new RegExp(`^${token}/${token}(?:\\s*;\\s*${token}=(?:${token}|"[^"]*"))*$`, 'i');

/** Says whether a string is an Internet media type such as text/plain; charset=utf-8. */
export function isMediaType(value: string): boolean {
  return mediaTypePattern.test(value);
}

/** Says whether a string is a SHA-2 digest in hexadecimal (SHA-224, -256, -384 or -512). */
export function isSha2Hex(value: string): boolean {
  return /^(?:[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i.test(value);
}

/** Says whether a string is a statement version this LRS accepts: 1.0.x (the specification rejects everything else). */
export function isAcceptedVersion(value: string): boolean {
  return /^1\.0\.(?:0|[1-9]\d*)$/.test(value);
}
