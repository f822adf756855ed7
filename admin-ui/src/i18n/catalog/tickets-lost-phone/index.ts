import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/** The lost-phone flow on a ticket (verify → issue a one-time code → show it once → its status) and the code reveal. */
export const lostPhone = defineMessages({ en, fi, sv, nb, da });
