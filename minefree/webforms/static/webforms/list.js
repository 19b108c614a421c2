import {keepSending} from './queue.js';
import {keepOffline} from './offline.js';

const scope = new URL('./', location.href).pathname;
keepOffline(`${scope}sw.js`, scope);
keepSending();
