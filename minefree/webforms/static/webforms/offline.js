// The service worker keeps what this page loaded (the page, the vendored scripts, the form and its
// lists) so that it opens again without a connection. On the first visit the page loads before the
// worker runs, so the page tells it which addresses it used.
export function keepOffline(workerUrl, scope) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(workerUrl, {scope, type: 'classic'}).then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const keep = (urls) => registration.active.postMessage({keep: urls.filter(
        (url) => new URL(url, location.href).origin === location.origin)});
      keep([location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)]);
      new PerformanceObserver((list) => keep(list.getEntries().map((entry) => entry.name)))
        .observe({type: 'resource'});
    });
}
