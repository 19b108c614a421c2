// MineFree web forms' service worker, scope /fill/: network first, so an open connection always
// gives the current form and lists; the last good copy when there is none. Only GET requests for
// the /fill/ pages and MineFree's static files are kept; submissions (POST) are never touched.
const CACHE = 'minefree-webforms-v1';
const scope = new URL(self.registration.scope).pathname;

const kept = (url) => url.origin === location.origin && (url.pathname.startsWith(scope) || url.pathname.startsWith('/static/'));

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function store(request, response) {
  // A redirect (to the log-in page, when the session has ended) is never kept in a form's place.
  if (response.ok && !response.redirected && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(Promise.all(urls.map((href) => new URL(href)).filter(kept).map(async (url) => {
    if (await caches.match(url.href, {ignoreVary: true})) return;
    try {
      await store(new Request(url.href, {credentials: 'same-origin'}), await fetch(url.href, {credentials: 'same-origin'}));
    } catch {
      // offline already: it is kept the next time the page loads it
    }
  })));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || !kept(url) || url.pathname === `${scope}sw.js`) return;
  event.respondWith(fetch(event.request).then((response) => store(event.request, response)).catch(async () => {
    const cached = await caches.match(event.request, {ignoreVary: true});
    return cached || Response.error();
  }));
});
