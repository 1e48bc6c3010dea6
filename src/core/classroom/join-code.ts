/**
 * Join codes: six characters a room can read off a projector and type on a phone. Letters and digits that are easily
 * confused (0/O, 1/I) are left out, so what is typed is what was shown.
 */
export const joinCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const joinCodeLength = 6;

/** A source of unbiased random integers in [0, max): the server passes `crypto.randomInt`. */
export type RandomInt = (max: number) => number;

/** Makes a new join code. */
export function newJoinCode(randomInt: RandomInt): string {
  let code = '';
  for (let i = 0; i < joinCodeLength; i++) code += joinCodeAlphabet[randomInt(joinCodeAlphabet.length)];
  return code;
}

/**
 * Reads a code as a person typed it: case, spaces and dashes do not matter. Returns the code, or null when it cannot
 * be one (wrong length or a character the alphabet leaves out).
 */
export function normaliseJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== joinCodeLength) return null;
  return [...code].every((char) => joinCodeAlphabet.includes(char)) ? code : null;
}
