import { defineMessages } from '../../define.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

/**
 * The ticket page: the timeline's entries (`messages` of GET /api/tickets/:id/timeline: codes and parameters, see
 * shared/ticket-timeline.ts), its reasons, and the words they use (statuses, channels, sign-in methods, checks).
 */
export const tickets = defineMessages({ en, fi, sv, nb, da });
