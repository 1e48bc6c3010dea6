/** The event the page's status area listens to, to tell the learner that storage failed. */
export const storageErrorEvent = 'icrm:storage-error';

/** Dispatched on window when opening the device database had to repair it, or could not read it; detail is a DeviceNotice. */
export const deviceNoticeEvent = 'icrm:device-notice';

/** Dispatched on the document when the reader switches the interface language; detail is the language. */
export const uiLanguageEvent = 'icrm:ui-language';

/** Dispatched on window to feed a choice into a role-play in group mode; detail is a GroupChoice. */
export const groupChoiceEvent = 'icrm:role-play-choice';

/** Dispatched on window by a role-play in group mode whenever it puts a decision to the room or ends; detail is a GroupStep. */
export const groupStepEvent = 'icrm:role-play-step';
