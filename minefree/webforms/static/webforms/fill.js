// ODK Web Forms on a MineFree page: the form and its lists come with the session; what is filled
// goes to the queue first (queue.js), then to the server.
import {createApp, h} from 'vue';
import {OdkWebForm, POST_SUBMIT__NEW_INSTANCE, webFormsPlugin} from '@getodk/web-forms';
import {enqueue, keepSending, sendAll, show} from './queue.js';
import {keepOffline} from './offline.js';

const urls = JSON.parse(document.getElementById('webform-urls').textContent);
const username = JSON.parse(document.getElementById('webform-user').textContent);

// jr://file/districts.csv is served at .../media/districts.csv
const fetchFormAttachment = (url) => fetch(urls.media.replace('NAME', encodeURIComponent(url.href.split('/').pop())));

async function onSubmit(payload, done) {
  const entries = [...payload.data[0].entries()].map(([name, file]) => ({name, file}));
  await enqueue(urls.submission, entries);
  done({next: POST_SUBMIT__NEW_INSTANCE}); // a fresh blank form; the filled one is safe in the queue
  await show();
  window.scrollTo(0, 0);
  await sendAll();
}

async function start() {
  const response = await fetch(urls.xml).catch(() => null);
  const place = document.getElementById('webform');
  if (!response || !response.ok) {
    place.replaceChildren();
    document.getElementById('webform-failed').hidden = false;
    return;
  }
  const formXml = await response.text();
  place.replaceChildren();
  createApp({
    render: () => h(OdkWebForm, {formXml, fetchFormAttachment, preloadProperties: {username}, onSubmit}),
  }).use(webFormsPlugin).mount(place);
}

keepOffline(urls.worker, urls.scope);
keepSending();
start();
