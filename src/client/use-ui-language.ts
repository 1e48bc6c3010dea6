import { useSyncExternalStore } from 'react';
import { t, type UiKey, type UiValues } from '../i18n/ui';
import { uiLanguageEvent } from './events';
import { uiLanguage } from './ui-text';

function subscribe(onChange: () => void): () => void {
  document.addEventListener(uiLanguageEvent, onChange);
  return () => document.removeEventListener(uiLanguageEvent, onChange);
}

/**
 * Returns a translate function that follows the interface language switch, for React islands. Prerendered
 * islands render in zh-CN, like the page around them, and switch once hydrated.
 */
export function useUiText(): (key: UiKey, values?: UiValues) => string {
  const language = useSyncExternalStore(subscribe, uiLanguage, () => 'zh-CN' as const);
  return (key, values) => t(key, values, language);
}
