/** The event the page's status area listens to, to tell the learner that storage failed. */
export const storageErrorEvent = 'icrm:storage-error';

/** Dispatched on the document when the reader switches the interface language; detail is the language. */
export const uiLanguageEvent = 'icrm:ui-language';
