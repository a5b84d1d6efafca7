// Merchant photos: each photo_url is loaded once per session into one <img> element, which is moved into whatever
// slide shows it; the next photo is loaded before the driver swipes to it, so slides never flash blank. A photo that
// fails is replaced by the shipped fallback picture.

export const FALLBACK = new URL('../img/merchant-fallback.svg', import.meta.url).href;

/** resolved URL -> Promise<HTMLImageElement> */
const images = new Map();

/** The absolute URL of a photo_url: catalog paths are relative to the app when no photo base URL is configured. */
export function resolve(photoUrl) {
  if (!photoUrl) return FALLBACK;
  try {
    return new URL(photoUrl, document.baseURI).href;
  } catch {
    return FALLBACK;
  }
}

/** The loaded image of this photo_url (the fallback when it fails); loads it at most once. */
export function load(photoUrl, alt = '') {
  const url = resolve(photoUrl);
  let image = images.get(url);
  if (!image) {
    image = new Promise((done) => {
      const img = new Image();
      img.decoding = 'async';
      img.alt = alt;
      img.className = 'photo';
      img.onload = () => done(img);
      img.onerror = () => {
        img.onerror = null;
        img.dataset.fallback = 'true';
        img.src = FALLBACK;
        img.onload = () => done(img);
      };
      img.src = url;
    });
    images.set(url, image);
  }
  return image;
}

/** Starts loading without waiting (the next slide). */
export function preload(photoUrl) {
  load(photoUrl);
}

/** Puts the photo's element into the container, replacing what it held; an element can be in one place only, so
 *  a photo shown twice at once (favorites and carousel) is cloned from the cached, already-decoded element. */
export async function show(container, photoUrl, alt) {
  const img = await load(photoUrl, alt);
  const element = img.isConnected && !container.contains(img) ? img.cloneNode() : img;
  element.alt = alt ?? '';
  container.replaceChildren(element);
  container.classList.add('loaded');
}
