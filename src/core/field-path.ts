/** Renders a path like ["modules", 2, "lessons", 0] as "modules[2].lessons[0]". */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}
