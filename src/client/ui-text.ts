import { interpolate, zhCN, type UiKey, type UiValues } from '../i18n/ui';

let english: Record<UiKey, string> | undefined;
const pageStrings: Partial<Record<UiKey, string>> = {};

/** Adds the Chinese strings one page's island needs beyond the shipped dictionary (see i18n/ui-pages.ts). */
export function addPageStrings(strings: Partial<Record<UiKey, string>>): void {
  Object.assign(pageStrings, strings);
}

/** The id of the JSON a server-rendered page embeds with the strings its scripts need (components/PageStrings.astro). */
export const pageStringsElementId = 'page-strings';

/** Adds the strings the page embeds for its scripts, if it embeds any. */
export function addEmbeddedPageStrings(doc: Document = document): void {
  const element = doc.getElementById(pageStringsElementId);
  if (element?.textContent) addPageStrings(JSON.parse(element.textContent) as Partial<Record<UiKey, string>>);
}

/** Loads the English interface strings once, the first time a reader switches to English. */
export async function loadEnglish(): Promise<Record<UiKey, string>> {
  english ??= (await import('../i18n/ui-en')).en;
  return english;
}

/** Returns the interface language the reader chose (see ui-language.ts). */
export function uiLanguage(): 'zh-CN' | 'en' {
  return document.documentElement.dataset.uiLanguage === 'en' ? 'en' : 'zh-CN';
}

/** Returns a dictionary string in a language (Chinese until English has been loaded), with its placeholders filled. */
export function uiStringIn(language: 'zh-CN' | 'en', key: UiKey, values?: UiValues): string {
  const dictionary: Partial<Record<UiKey, string>> = language === 'en' && english ? english : zhCN;
  return interpolate(dictionary[key] ?? pageStrings[key] ?? key, values);
}

/** Returns a dictionary string in the chosen interface language, with its placeholders filled. */
export function uiString(key: UiKey, values?: UiValues): string {
  return uiStringIn(uiLanguage(), key, values);
}

/** Sets a dictionary string on an element, marked so that a later language switch rewrites it too. */
export function setUiText(element: HTMLElement, key: UiKey, values?: UiValues): void {
  element.dataset.i18n = key;
  if (values) element.dataset.i18nValues = JSON.stringify(values);
  else delete element.dataset.i18nValues;
  element.textContent = uiString(key, values);
}
