/**
 * What the server itself writes for people — e-mails and SMS — in the person's language (`identities.locale`), one
 * file per language: `en` is the reference shape, the others are typed by it (test/unit/i18n-completeness.spec.ts
 * checks keys and placeholders at run time). The security and add-on mails live in ../security-messages.ts and join
 * `mail` below (SERVER_MESSAGES). Placeholders are `%{name}`; dates arrive already formatted for the language (see i18n.ts).
 */
import type { Locale, Translated } from '../../../../shared/locales.js';
import { SECURITY_MAIL, type SecurityMail } from '../security-messages.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';
import { nb } from './nb.js';
import { da } from './da.js';

export interface MailText {
  subject: string;
  body: string;
}

type CoreMessages = typeof en;

/** The mails of security-messages.ts join each language's `mail`; a kind defined in both files is a type error, not a silent overwrite. */
export type ServerMessages = Omit<CoreMessages, 'mail'> & { mail: CoreMessages['mail'] & SecurityMail };
type Disjoint<A, B> = [keyof A & keyof B] extends [never] ? B : never;
function withSecurityMail(core: Translated<CoreMessages>, locale: Locale): ServerMessages {
  const security: Disjoint<CoreMessages['mail'], SecurityMail> = SECURITY_MAIL[locale];
  return { ...core, mail: { ...core.mail, ...security } };
}

export const SERVER_MESSAGES: Record<Locale, ServerMessages> = {
  en: withSecurityMail(en, 'en'),
  fi: withSecurityMail(fi, 'fi'),
  sv: withSecurityMail(sv, 'sv'),
  nb: withSecurityMail(nb, 'nb'),
  da: withSecurityMail(da, 'da'),
};
