import { useCallback, useSyncExternalStore } from 'react';
import type { UiKey, UiLanguage, UiValues } from '../i18n/ui';
import { uiLanguageEvent } from './events';
import { uiLanguage, uiStringIn } from './ui-text';

function followLanguage(onChange: () => void): () => void {
  document.addEventListener(uiLanguageEvent, onChange);
  return () => document.removeEventListener(uiLanguageEvent, onChange);
}

// Pages are prerendered in Chinese; an island hydrates in Chinese and then follows the reader's choice.
const prerenderedLanguage = (): UiLanguage => 'zh-CN';

/** Returns a translate function that follows the interface language switch, for React islands. */
export function useUiText(): (key: UiKey, values?: UiValues) => string {
  const language = useSyncExternalStore(followLanguage, uiLanguage, prerenderedLanguage);
  return useCallback((key: UiKey, values?: UiValues) => uiStringIn(language, key, values), [language]);
}
