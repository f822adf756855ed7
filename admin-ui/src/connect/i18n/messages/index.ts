/**
 * The Visma Connect pages in five languages, one file each: `en` is the reference shape, the others are typed by it
 * (test/unit/i18n-completeness.spec.ts checks the same at run time). Placeholders are `%{name}`. Field validation and
 * API error codes: see `validation` and `errors`.
 */
import type { Locale } from '../../../../../shared/locales.js';
import { AUTHENTICATOR_MESSAGES } from '../authenticator.js';
import { SECURITY_MESSAGES } from '../security.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

export type ConnectMessages = typeof en;

/** The pages' own catalog plus the second-factor areas kept in their own files (each area once). */
const all = (l: Locale, base: ConnectMessages) => ({ ...base, ...AUTHENTICATOR_MESSAGES[l], ...SECURITY_MESSAGES[l] });
export const CONNECT_MESSAGES = { en: all('en', en), fi: all('fi', fi), sv: all('sv', sv), nb: all('nb', nb), da: all('da', da) };
