import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/**
 * Portal connections: the list and show pages, the organization's Connections tab, their dialogs and the words for
 * the codes the API answers (health, kinds of refused requests, advice, recorded causes, "Check now" items).
 * `at` parameters are formatted as date and time, `on` as dates, by the page.
 */
export const connections = defineMessages({ en, fi, sv, nb, da });
