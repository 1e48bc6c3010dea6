/** The phone header's 菜单: Esc closes it and gives focus back to its button; a tap outside closes it too. */
const menu = document.querySelector<HTMLDetailsElement>('details.site-menu');
if (menu) {
  menu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !menu.open) return;
    menu.open = false;
    menu.querySelector('summary')?.focus();
  });
  document.addEventListener('click', (event) => {
    if (menu.open && !menu.contains(event.target as Node)) menu.open = false;
  });
}
