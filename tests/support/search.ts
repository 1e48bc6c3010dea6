import type { Page } from 'playwright-core';

/** Finds the header search field the way a screen reader user does: by its role and name. */
export function headerSearchBox(page: Page) {
  return page.getByRole('combobox', { name: '搜索课程内容' });
}

/**
 * Searches from the header box of the page that is open: opens it with Ctrl+K, types the query and waits
 * until the list shows results or, when nothing matches, suggestions. Returns the options' texts.
 */
export async function searchFromHeader(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('Control+K');
  await page.keyboard.type(query);
  const listbox = page.getByRole('listbox', { name: '搜索结果' });
  await listbox.getByRole('option').first().waitFor();
  return listbox.getByRole('option').allInnerTexts();
}

/** Opens the results page for a query and waits until it shows its results or its empty state. */
export async function searchOnResultsPage(page: Page, baseUrl: string, query: string): Promise<void> {
  await page.goto(`${baseUrl}/search/?q=${encodeURIComponent(query)}`);
  await page.locator('[data-search-status]').filter({ hasText: /找到|没有找到/ }).waitFor();
}
