// Where the driver is: the browser's geolocation when it answers, else the coordinates typed in the manual form (a
// desktop, or a refused permission). The last position is remembered for the manual form.

const KEY = 'nerava.lastPosition';

export function lastPosition() {
  try {
    return JSON.parse(localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

export function remember(position) {
  localStorage.setItem(KEY, JSON.stringify(position));
}

/** {lat, lng} from the browser, or rejects with a message saying why not (then the app offers the manual form). */
export function locate(timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('This browser cannot tell where you are. Enter your position below.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const here = { lat: round(position.coords.latitude), lng: round(position.coords.longitude) };
        remember(here);
        resolve(here);
      },
      (error) => reject(new Error(error.code === error.PERMISSION_DENIED
        ? 'Location is turned off for this site. Enter your position below.'
        : 'Your position is not available right now. Enter it below.')),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 30000 });
  });
}

/** Parses the manual form's fields; throws a readable error for a bad value. */
export function parseManual(latText, lngText) {
  const lat = Number(latText);
  const lng = Number(lngText);
  if (latText.trim() === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) throw new Error('Latitude must be a number from -90 to 90.');
  if (lngText.trim() === '' || !Number.isFinite(lng) || lng < -180 || lng > 180) throw new Error('Longitude must be a number from -180 to 180.');
  const here = { lat: round(lat), lng: round(lng) };
  remember(here);
  return here;
}

function round(value) {
  return Math.round(value * 1e6) / 1e6;
}
