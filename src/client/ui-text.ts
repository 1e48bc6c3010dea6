import { t, type UiKey, type UiValues } from '../i18n/ui';

/** Returns the interface language the reader chose (see ui-language.ts). */
export function uiLanguage(): 'zh-CN' | 'en' {
  return document.documentElement.dataset.uiLanguage === 'en' ? 'en' : 'zh-CN';
}

/** Sets a dictionary string on an element, marked so that a later language switch rewrites it too. */
export function setUiText(element: HTMLElement, key: UiKey, values?: UiValues): void {
  element.dataset.i18n = key;
  if (values) element.dataset.i18nValues = JSON.stringify(values);
  else delete element.dataset.i18nValues;
  element.textContent = t(key, values, uiLanguage());
}
