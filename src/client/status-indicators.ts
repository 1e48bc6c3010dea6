import { deviceNoticeEvent, storageErrorEvent } from './events';
import type { DeviceNotice } from './learner-session';
import { setUiText } from './ui-text';

/** Shows 离线 while the browser has no network, and storage failures and repairs of the device record in plain words. */
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
const deviceAlert = document.getElementById('device-alert');
window.addEventListener(deviceNoticeEvent, (event) => {
  if (!deviceAlert) return;
  const { key, values } = (event as CustomEvent<DeviceNotice>).detail;
  // A repair and records set aside can come together: one paragraph each.
  const line = document.createElement('p');
  setUiText(line, key, values);
  deviceAlert.append(line);
  deviceAlert.hidden = false;
});
