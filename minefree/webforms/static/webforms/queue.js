// Filled forms wait in IndexedDB until the server has them: an entry leaves the queue only when
// the submission endpoint answers 201 (received) or 202 (already received), never on a failure.
const DB_NAME = 'minefree-webforms';
const STORE = 'queue';

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, {keyPath: 'id', autoIncrement: true});
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore(mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(request.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

// Who is logged in on this page: each entry is sent only with its own author's session, never as
// whoever logs in next on a shared browser.
const user = JSON.parse(document.getElementById('webform-user').textContent);

const waiting = async () => (await inStore('readonly', (store) => store.getAll())).filter((item) => item.user === user);

// entries: [{name, file}] from the form's FormData (xml_submission_file and the attachments).
export function enqueue(url, entries) {
  return inStore('readwrite', (store) => store.add({url, entries, user, queuedAt: Date.now(), error: ''}));
}

function csrfToken() {
  // Read at each send, not from the page: a page opened from the cache may be older than the log-in.
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

async function reason(response) {
  const text = await response.text();
  const message = new DOMParser().parseFromString(text, 'text/xml').querySelector('message');
  return message ? message.textContent : `${response.status} ${response.statusText}`;
}

async function sendWaiting() {
  for (const item of await waiting()) {
    const body = new FormData();
    for (const entry of item.entries) body.append(entry.name, entry.file, entry.file.name);
    let response;
    try {
      response = await fetch(item.url, {
        method: 'POST', body, credentials: 'same-origin',
        headers: {'X-CSRFToken': csrfToken(), 'X-OpenRosa-Version': '1.0'},
      });
    } catch {
      return; // no connection: the rest waits for the next 'online' event or page load
    }
    if (response.status === 201 || response.status === 202) {
      await inStore('readwrite', (store) => store.delete(item.id));
    } else {
      item.error = await reason(response);
      await inStore('readwrite', (store) => store.put(item));
    }
  }
}

let sending = null;

export async function show() {
  const items = await waiting();
  document.getElementById('queued').textContent = String(items.length);
  document.getElementById('queue-note').hidden = items.length === 0;
  const errors = document.getElementById('queue-errors');
  errors.replaceChildren(...items.filter((item) => item.error).map((item) => {
    const li = document.createElement('li');
    li.textContent = item.error; // the server's message, as text
    return li;
  }));
}

export function sendAll() {
  // One round at a time: a second call while one runs waits for it instead of sending twice.
  sending ??= sendWaiting().finally(() => { sending = null; });
  return sending.then(show);
}

export function keepSending() {
  window.addEventListener('online', () => { sendAll(); });
  return show().then(sendAll);
}
