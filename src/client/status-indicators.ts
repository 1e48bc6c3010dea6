import { storageErrorEvent } from './events';
import { setUiText } from './ui-text';

/** Shows 离线 while the browser has no network, and storage failures in plain words. */
const offline = document.getElementById('offline-indicator');
const showConnection = () => {
  if (offline) offline.hidden = navigator.onLine;
};
window.addEventListener('online', showConnection);
window.addEventListener('offline', showConnection);
showConnection();

const alert = document.getElementById('storage-alert');
window.addEventListener(storageErrorEvent, () => {
  if (!alert) return;
  setUiText(alert, 'status.storageFull');
  alert.hidden = false;
});
