/** Tells whether a key press asks for the search: `/` outside a text field, or Ctrl+K (⌘K on a Mac) anywhere. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if (event.altKey || event.shiftKey) return false;
  if (event.ctrlKey || event.metaKey) return event.key.toLowerCase() === 'k';
  if (event.key !== '/') return false;
  const target = event.target instanceof HTMLElement ? event.target : null;
  return !(target?.isContentEditable || target?.closest('input, textarea, select'));
}

/** Focuses and selects a search field whenever the learner presses the search shortcut. */
export function focusOnSearchShortcut(input: HTMLInputElement, onFocus: () => void = () => {}): void {
  document.addEventListener('keydown', (event) => {
    if (!isSearchShortcut(event)) return;
    event.preventDefault();
    input.focus();
    input.select();
    onFocus();
  });
}
