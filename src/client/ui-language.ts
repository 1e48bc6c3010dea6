import { interpolate, zhCN, type UiKey, type UiLanguage } from '../i18n/ui';
import { uiLanguageEvent } from './events';
import { loadEnglish } from './ui-text';

const storageKey = 'icrm.ui-language';

function storedLanguage(): UiLanguage {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Rewrites every dictionary-backed string of the page into the chosen interface language. */
async function applyLanguage(language: UiLanguage): Promise<void> {
  const dictionary: Partial<Record<UiKey, string>> = language === 'en' ? await loadEnglish() : zhCN;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n as UiKey;
    const values = element.dataset.i18nValues ? JSON.parse(element.dataset.i18nValues) : undefined;
    // Strings of server-rendered pages are not shipped in Chinese: the page's own text is kept to switch back to.
    element.dataset.i18nZh ??= element.textContent ?? '';
    const template = dictionary[key];
    element.textContent = template === undefined ? element.dataset.i18nZh : interpolate(template, values);
    // Course content stays Chinese; only the translated interface strings are marked as English.
    if (language === 'en') element.lang = 'en';
    else element.removeAttribute('lang');
  }
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', dictionary[element.dataset.i18nLabel as UiKey] ?? element.getAttribute('aria-label') ?? '');
  }
  for (const element of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    element.placeholder = dictionary[element.dataset.i18nPlaceholder as UiKey] ?? element.placeholder;
  }
  for (const toggle of document.querySelectorAll<HTMLButtonElement>('[data-language-toggle]')) {
    toggle.lang = language === 'en' ? 'zh-CN' : 'en';
  }
  document.documentElement.dataset.uiLanguage = language;
  document.dispatchEvent(new CustomEvent(uiLanguageEvent, { detail: language }));
}

for (const toggle of document.querySelectorAll<HTMLButtonElement>('[data-language-toggle]')) {
  toggle.addEventListener('click', () => {
    const next: UiLanguage = storedLanguage() === 'en' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private mode without storage: the switch still works for this page.
    }
    void applyLanguage(next);
  });
}

if (storedLanguage() === 'en') void applyLanguage('en');
