import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/**
 * react-admin's resource names (`resources.<name>.name`, with polyglot plural forms) and field labels
 * (`resources.<name>.fields.<source>`): lists, filters, show pages and the menu take them from here.
 */
export const resources = defineMessages({ en, fi, sv, nb, da });
