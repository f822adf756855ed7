import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/**
 * The audit log: the actions the server writes (`action.<code>`; an action missing here is still listed by its
 * code), the kinds of targets, the list's filters and pagination, the event page with its diff and hash chain.
 */
export const audit = defineMessages({ en, fi, sv, nb, da });
