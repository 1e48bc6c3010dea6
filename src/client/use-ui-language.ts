import { useEffect, useState } from 'react';
import { t, type UiKey, type UiLanguage, type UiValues } from '../i18n/ui';
import { uiLanguageEvent } from './events';
import { uiLanguage } from './ui-text';

/** Returns a translate function that follows the interface language switch, for React islands. */
export function useUiText(): (key: UiKey, values?: UiValues) => string {
  const [language, setLanguage] = useState<UiLanguage>(uiLanguage);
  useEffect(() => {
    const follow = (event: Event) => setLanguage((event as CustomEvent<UiLanguage>).detail);
    document.addEventListener(uiLanguageEvent, follow);
    return () => document.removeEventListener(uiLanguageEvent, follow);
  }, []);
  return (key, values) => t(key, values, language);
}
