import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/**
 * The diagnosis' evidence and remedies (`evidenceMessages` / `remedyMessages` of GET /api/diagnosis: keys and
 * parameters), owners and fixes. `at` parameters are formatted as date and time, `on` as dates, by the page.
 */
export const diagnosis = defineMessages({ en, fi, sv, nb, da });
