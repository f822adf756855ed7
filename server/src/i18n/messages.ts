/**
 * What the server itself writes for people — e-mails and SMS — in the person's language (`identities.locale`).
 * The security and add-on mails live in security-messages.ts and join `mail` below (SERVER_MESSAGES).
 * `en` is the reference; test/unit/i18n-completeness.spec.ts checks that every language has its keys and placeholders.
 * Placeholders are `%{name}`; dates arrive already formatted for the language (see i18n.ts).
 */
import type { Locale } from '../../../shared/locales.js';
import { SECURITY_MAIL, type SecurityMail } from './security-messages.js';

export interface MailText {
  subject: string;
  body: string;
}

const en = {
  severa: {
    refusedTitle: 'Sign-in could not be completed',
    refusedLead: 'You could not be signed in to Visma Severa from %{portal}.',
    refusedHelp: 'Please contact your administrator and tell them the time and the reference below. They can see why the sign-in did not succeed.',
    reference: 'Reference:',
    signedInAs: 'Signed in as %{name}',
    user: 'Severa user',
    organization: 'Organization',
    signedInFrom: 'Signed in from',
    independent: 'Your Severa session does not depend on %{portal} any more: it lasts as long as you keep using Severa. After signing out, sign in again from the portal.',
    signOut: 'Sign out of Severa',
    notSignedInTitle: 'You are not signed in to Visma Severa',
    notSignedIn: 'Open Visma Severa from MyVisma or Azets Work to sign in.',
    signedOutTitle: 'You have signed out of Visma Severa',
    signedOut: 'To sign in again, open Visma Severa from MyVisma or Azets Work.',
  },
  mail: {
    activation: {
      subject: 'Welcome to Visma Enterprise: activate your account',
      body:
        'Hello %{name},\n\n%{invitedBy} Activate your Visma Connect account with this link:\n\n%{link}\n\n' +
        'The link is valid for %{hours} hours. If more than %{hours} hours have passed, open the link anyway and ask for a new one.\n\n' +
        'You will set a password, add an authenticator app (Google, Microsoft or another) and get an emergency code.',
      invitedBy: '%{organization} invited you to the Customer Portal.',
      invited: 'You are invited to the Customer Portal.',
    },
    passwordReset: {
      subject: 'Reset your Visma Connect password',
      body:
        'Hello %{name},\n\nSomeone (hopefully you) asked to reset the password of your Visma Connect account. Set a new password with this link:\n\n%{link}\n\n' +
        'The link is valid for %{minutes} minutes. Your two-step verification stays as it is.\n\nIf you did not ask for this, ignore this e-mail: your password has not changed.',
    },
    passwordChanged: {
      subject: 'Your Visma Connect password was changed',
      body: "Hello %{name},\n\nThe password of your Visma Connect account was changed on %{at}.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    authenticatorEnrolled: {
      subject: 'A new authenticator was enrolled for your Visma Connect account',
      body:
        'Hello %{name},\n\nA new authenticator app was enrolled for your Visma Connect account on %{at}, and a new emergency code was created. ' +
        "The change applies to every Visma application you sign in to.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    phoneAdded: {
      subject: 'A phone number was added for SMS sign-in',
      body: "Hello %{name},\n\nThe phone number %{phone} was added to your Visma Connect account for SMS codes.\n\nIf this wasn't you, contact Severa customer service immediately.",
    },
    oneTimeCodeUsed: {
      subject: 'Your one-time code was used to sign in to Visma Connect',
      body: "Hello %{name},\n\n%{what} was used to sign in to your Visma Connect account on %{at}. The code cannot be used again.\n\nIf this wasn't you, contact Severa customer service immediately and change your password.",
      recoveryCode: 'A one-time code from customer service',
      emergencyCode: 'Your emergency code',
    },
    secondFactorsReset: {
      subject: 'Your two-step verification was reset',
      body:
        'Hello %{name},\n\nAfter signing in with a one-time code you chose "I have permanently lost access". Every second factor of your Visma Connect account ' +
        '(authenticator app, emergency code, SMS, passkeys and security keys, Visma Authenticator devices) was removed; this applies to every Visma application you use. A new authenticator is being set up now.\n\n' +
        "If this wasn't you, contact Severa customer service immediately.",
    },
    secondFactorsResetByAgent: {
      subject: 'Your two-step verification was reset',
      body:
        'Hello %{name},\n\nCustomer service reset the two-step verification of your Visma Connect account for ticket #%{ticket}. Every second factor ' +
        '(authenticator app, emergency code, SMS, passkeys and security keys, Visma Authenticator devices) was removed; this applies to every Visma application you use, and you were signed out everywhere. ' +
        'At your next sign-in you set up a new one.\n\n' +
        'If you did not ask for this, contact Severa customer service immediately.',
    },
    recoveryCodeIssued: {
      subject: 'A one-time sign-in code was issued for your Visma Connect account',
      body:
        'Hello %{name},\n\nCustomer service issued a one-time sign-in code for ticket #%{ticket} on %{at}. It works once, together with your password, until %{until}.\n\n' +
        "If this wasn't you, contact customer service right away and do not share any code with anyone: the code is only ever given to you on the call or chat you started yourself.\n\n" +
        'Two-factor authentication belongs to your Visma Connect identity, so a reset applies to every Visma application you use.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Customer service, ticket #%{ticket}. Reply to this message and keep [#%{ticket}] in the subject.',
  },
  sms: {
    signInCode: 'Your Visma Connect security code is %{code}. It is valid for 5 minutes. Never tell it to anyone, including customer service.',
    phoneVerification: 'Your Visma Connect verification code is %{code}. Enter it to add this phone number for SMS sign-in.',
    stepUpCode: 'Your Visma Connect security code is %{code}. It confirms a change of your security settings and is valid for 5 minutes. Never tell it to anyone.',
    signInCodeSubject: 'Visma Connect code',
    phoneVerificationSubject: 'Visma Connect verification code',
  },
};

type CoreMessages = typeof en;
type Translated<T> = { [K in keyof T]: T[K] extends string ? string : Translated<T[K]> };

const fi: Translated<CoreMessages> = {
  severa: {
    refusedTitle: 'Kirjautumista ei voitu suorittaa',
    refusedLead: 'Kirjautuminen Visma Severaan palvelusta %{portal} ei onnistunut.',
    refusedHelp: 'Ota yhteyttä pääkäyttäjääsi ja kerro hänelle aika ja alla oleva viite. Hän näkee, miksi kirjautuminen ei onnistunut.',
    reference: 'Viite:',
    signedInAs: 'Kirjautuneena: %{name}',
    user: 'Severa-käyttäjä',
    organization: 'Organisaatio',
    signedInFrom: 'Kirjauduttu palvelusta',
    independent: 'Severa-istuntosi ei enää riipu palvelusta %{portal}: se jatkuu niin kauan kuin käytät Severaa. Kirjauduttuasi ulos kirjaudu uudelleen portaalin kautta.',
    signOut: 'Kirjaudu ulos Severasta',
    notSignedInTitle: 'Et ole kirjautunut Visma Severaan',
    notSignedIn: 'Avaa Visma Severa MyVismasta tai Azets Workista kirjautuaksesi.',
    signedOutTitle: 'Olet kirjautunut ulos Visma Severasta',
    signedOut: 'Kirjautuaksesi uudelleen avaa Visma Severa MyVismasta tai Azets Workista.',
  },
  mail: {
    activation: {
      subject: 'Tervetuloa Visma Enterpriseen: aktivoi tilisi',
      body:
        'Hei %{name},\n\n%{invitedBy} Aktivoi Visma Connect -tilisi tällä linkillä:\n\n%{link}\n\n' +
        'Linkki on voimassa %{hours} tuntia. Jos aikaa on kulunut enemmän kuin %{hours} tuntia, avaa linkki silti ja pyydä uusi.\n\n' +
        'Asetat salasanan, lisäät todennussovelluksen (Google, Microsoft tai muu) ja saat varakoodin.',
      invitedBy: '%{organization} kutsui sinut asiakasportaaliin.',
      invited: 'Sinut on kutsuttu asiakasportaaliin.',
    },
    passwordReset: {
      subject: 'Vaihda Visma Connect -salasanasi',
      body:
        'Hei %{name},\n\nJoku (toivottavasti sinä) pyysi Visma Connect -tilisi salasanan vaihtamista. Aseta uusi salasana tällä linkillä:\n\n%{link}\n\n' +
        'Linkki on voimassa %{minutes} minuuttia. Kaksivaiheinen tunnistautumisesi pysyy ennallaan.\n\nJos et pyytänyt tätä, voit jättää viestin huomiotta: salasanasi ei ole muuttunut.',
    },
    passwordChanged: {
      subject: 'Visma Connect -salasanasi vaihdettiin',
      body: 'Hei %{name},\n\nVisma Connect -tilisi salasana vaihdettiin %{at}.\n\nJos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
    },
    authenticatorEnrolled: {
      subject: 'Visma Connect -tilillesi lisättiin uusi todennussovellus',
      body:
        'Hei %{name},\n\nVisma Connect -tilillesi lisättiin uusi todennussovellus %{at}, ja sinulle luotiin uusi varakoodi. ' +
        'Muutos koskee kaikkia Visman sovelluksia, joihin kirjaudut.\n\nJos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
    },
    phoneAdded: {
      subject: 'Tekstiviestikirjautumiseen lisättiin puhelinnumero',
      body: 'Hei %{name},\n\nVisma Connect -tilillesi lisättiin puhelinnumero %{phone} tekstiviestikoodeja varten.\n\nJos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
    },
    oneTimeCodeUsed: {
      subject: 'Kertakäyttökoodillasi kirjauduttiin Visma Connectiin',
      body: 'Hei %{name},\n\n%{what} käytettiin kirjautumiseen Visma Connect -tilillesi %{at}. Koodia ei voi käyttää uudelleen.\n\nJos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun ja vaihda salasanasi.',
      recoveryCode: 'Asiakaspalvelun antamaa kertakäyttökoodia',
      emergencyCode: 'Varakoodiasi',
    },
    secondFactorsReset: {
      subject: 'Kaksivaiheinen tunnistautumisesi nollattiin',
      body:
        'Hei %{name},\n\nKirjauduttuasi kertakäyttökoodilla valitsit ”Olen menettänyt pääsyn pysyvästi”. Kaikki Visma Connect -tilisi toiset tunnistautumistavat ' +
        '(todennussovellus, varakoodi, tekstiviesti, pääsyavaimet ja suojausavaimet, Visma Authenticator -laitteet) poistettiin; tämä koskee kaikkia käyttämiäsi Visman sovelluksia. Uusi todennussovellus otetaan nyt käyttöön.\n\n' +
        'Jos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
    },
    secondFactorsResetByAgent: {
      subject: 'Kaksivaiheinen tunnistautumisesi nollattiin',
      body:
        'Hei %{name},\n\nAsiakaspalvelu nollasi Visma Connect -tilisi kaksivaiheisen tunnistautumisen tiketillä #%{ticket}. Kaikki toiset tunnistautumistavat ' +
        '(todennussovellus, varakoodi, tekstiviesti, pääsyavaimet ja suojausavaimet, Visma Authenticator -laitteet) poistettiin; tämä koskee kaikkia käyttämiäsi Visman sovelluksia, ja sinut kirjattiin ulos kaikkialta. ' +
        'Otat uuden käyttöön seuraavalla kirjautumiskerralla.\n\n' +
        'Jos et pyytänyt tätä, ota heti yhteyttä Severan asiakaspalveluun.',
    },
    recoveryCodeIssued: {
      subject: 'Visma Connect -tilillesi luotiin kertakäyttöinen kirjautumiskoodi',
      body:
        'Hei %{name},\n\nAsiakaspalvelu loi kertakäyttöisen kirjautumiskoodin tikettiin #%{ticket} %{at}. Se toimii kerran yhdessä salasanasi kanssa %{until} asti.\n\n' +
        'Jos se et ollut sinä, ota heti yhteyttä asiakaspalveluun äläkä kerro koodeja kenellekään: koodi annetaan vain sinulle itse aloittamassasi puhelussa tai chatissa.\n\n' +
        'Kaksivaiheinen tunnistautuminen kuuluu Visma Connect -identiteettiisi, joten nollaus koskee kaikkia käyttämiäsi Visman sovelluksia.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Asiakaspalvelu, tiketti #%{ticket}. Vastaa tähän viestiin ja säilytä [#%{ticket}] aiherivillä.',
  },
  sms: {
    signInCode: 'Visma Connect -turvakoodisi on %{code}. Se on voimassa 5 minuuttia. Älä kerro sitä kenellekään, ei myöskään asiakaspalvelulle.',
    phoneVerification: 'Visma Connect -vahvistuskoodisi on %{code}. Anna se lisätäksesi tämän puhelinnumeron tekstiviestikirjautumiseen.',
    stepUpCode: 'Visma Connect -turvakoodisi on %{code}. Se vahvistaa suojausasetustesi muutoksen ja on voimassa 5 minuuttia. Älä kerro sitä kenellekään.',
    signInCodeSubject: 'Visma Connect -koodi',
    phoneVerificationSubject: 'Visma Connect -vahvistuskoodi',
  },
};

const sv: Translated<CoreMessages> = {
  severa: {
    refusedTitle: 'Inloggningen kunde inte slutföras',
    refusedLead: 'Du kunde inte loggas in i Visma Severa från %{portal}.',
    refusedHelp: 'Kontakta din administratör och uppge tidpunkten och referensen nedan. Administratören kan se varför inloggningen inte lyckades.',
    reference: 'Referens:',
    signedInAs: 'Inloggad som %{name}',
    user: 'Severa-användare',
    organization: 'Organisation',
    signedInFrom: 'Inloggad från',
    independent: 'Din Severa-session är inte längre beroende av %{portal}: den varar så länge du använder Severa. Logga in igen från portalen när du har loggat ut.',
    signOut: 'Logga ut från Severa',
    notSignedInTitle: 'Du är inte inloggad i Visma Severa',
    notSignedIn: 'Öppna Visma Severa från MyVisma eller Azets Work för att logga in.',
    signedOutTitle: 'Du har loggat ut från Visma Severa',
    signedOut: 'Öppna Visma Severa från MyVisma eller Azets Work för att logga in igen.',
  },
  mail: {
    activation: {
      subject: 'Välkommen till Visma Enterprise: aktivera ditt konto',
      body:
        'Hej %{name},\n\n%{invitedBy} Aktivera ditt Visma Connect-konto med den här länken:\n\n%{link}\n\n' +
        'Länken gäller i %{hours} timmar. Om mer än %{hours} timmar har gått kan du ändå öppna länken och be om en ny.\n\n' +
        'Du anger ett lösenord, lägger till en autentiseringsapp (Google, Microsoft eller en annan) och får en reservkod.',
      invitedBy: '%{organization} har bjudit in dig till kundportalen.',
      invited: 'Du har bjudits in till kundportalen.',
    },
    passwordReset: {
      subject: 'Återställ ditt Visma Connect-lösenord',
      body:
        'Hej %{name},\n\nNågon (förhoppningsvis du) har bett om att återställa lösenordet till ditt Visma Connect-konto. Ange ett nytt lösenord med den här länken:\n\n%{link}\n\n' +
        'Länken gäller i %{minutes} minuter. Din tvåstegsverifiering förblir som den är.\n\nOm du inte har bett om detta kan du bortse från meddelandet: ditt lösenord har inte ändrats.',
    },
    passwordChanged: {
      subject: 'Ditt Visma Connect-lösenord har ändrats',
      body: 'Hej %{name},\n\nLösenordet till ditt Visma Connect-konto ändrades %{at}.\n\nOm det inte var du, kontakta Severas kundtjänst omedelbart.',
    },
    authenticatorEnrolled: {
      subject: 'En ny autentiseringsapp har lagts till för ditt Visma Connect-konto',
      body:
        'Hej %{name},\n\nEn ny autentiseringsapp lades till för ditt Visma Connect-konto %{at}, och en ny reservkod skapades. ' +
        'Ändringen gäller alla Visma-program du loggar in i.\n\nOm det inte var du, kontakta Severas kundtjänst omedelbart.',
    },
    phoneAdded: {
      subject: 'Ett telefonnummer har lagts till för inloggning med sms',
      body: 'Hej %{name},\n\nTelefonnumret %{phone} har lagts till i ditt Visma Connect-konto för sms-koder.\n\nOm det inte var du, kontakta Severas kundtjänst omedelbart.',
    },
    oneTimeCodeUsed: {
      subject: 'Din engångskod användes för att logga in i Visma Connect',
      body: 'Hej %{name},\n\n%{what} användes för att logga in på ditt Visma Connect-konto %{at}. Koden kan inte användas igen.\n\nOm det inte var du, kontakta Severas kundtjänst omedelbart och byt lösenord.',
      recoveryCode: 'En engångskod från kundtjänst',
      emergencyCode: 'Din reservkod',
    },
    secondFactorsReset: {
      subject: 'Din tvåstegsverifiering har återställts',
      body:
        'Hej %{name},\n\nEfter inloggning med en engångskod valde du ”Jag har förlorat åtkomsten permanent”. Alla andra faktorer för ditt Visma Connect-konto ' +
        '(autentiseringsapp, reservkod, sms, nyckelpass och säkerhetsnycklar, Visma Authenticator-enheter) har tagits bort; detta gäller alla Visma-program du använder. En ny autentiseringsapp konfigureras nu.\n\n' +
        'Om det inte var du, kontakta Severas kundtjänst omedelbart.',
    },
    secondFactorsResetByAgent: {
      subject: 'Din tvåstegsverifiering har återställts',
      body:
        'Hej %{name},\n\nKundtjänst återställde tvåstegsverifieringen för ditt Visma Connect-konto i ärende #%{ticket}. Alla andra faktorer ' +
        '(autentiseringsapp, reservkod, sms, nyckelpass och säkerhetsnycklar, Visma Authenticator-enheter) har tagits bort; detta gäller alla Visma-program du använder, och du har loggats ut överallt. ' +
        'Vid nästa inloggning konfigurerar du en ny.\n\n' +
        'Om du inte bad om detta, kontakta Severas kundtjänst omedelbart.',
    },
    recoveryCodeIssued: {
      subject: 'En engångskod för inloggning har skapats för ditt Visma Connect-konto',
      body:
        'Hej %{name},\n\nKundtjänst skapade en engångskod för inloggning för ärende #%{ticket} %{at}. Den fungerar en gång, tillsammans med ditt lösenord, fram till %{until}.\n\n' +
        'Om det inte var du, kontakta kundtjänst genast och dela inte någon kod med någon: koden ges bara till dig i ett samtal eller en chatt som du själv har startat.\n\n' +
        'Tvåfaktorsautentisering hör till din Visma Connect-identitet, så en återställning gäller alla Visma-program du använder.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Kundtjänst, ärende #%{ticket}. Svara på det här meddelandet och behåll [#%{ticket}] i ämnesraden.',
  },
  sms: {
    signInCode: 'Din säkerhetskod för Visma Connect är %{code}. Den gäller i 5 minuter. Berätta den aldrig för någon, inte heller för kundtjänst.',
    phoneVerification: 'Din verifieringskod för Visma Connect är %{code}. Ange den för att lägga till det här numret för inloggning med sms.',
    stepUpCode: 'Din säkerhetskod för Visma Connect är %{code}. Den bekräftar en ändring av dina säkerhetsinställningar och gäller i 5 minuter. Berätta den aldrig för någon.',
    signInCodeSubject: 'Visma Connect-kod',
    phoneVerificationSubject: 'Verifieringskod för Visma Connect',
  },
};

const nb: Translated<CoreMessages> = {
  severa: {
    refusedTitle: 'Påloggingen kunne ikke fullføres',
    refusedLead: 'Du kunne ikke logges på Visma Severa fra %{portal}.',
    refusedHelp: 'Kontakt administratoren din og oppgi tidspunktet og referansen nedenfor. Administratoren kan se hvorfor påloggingen ikke lyktes.',
    reference: 'Referanse:',
    signedInAs: 'Pålogget som %{name}',
    user: 'Severa-bruker',
    organization: 'Organisasjon',
    signedInFrom: 'Pålogget fra',
    independent: 'Severa-økten din er ikke lenger avhengig av %{portal}: den varer så lenge du bruker Severa. Logg på igjen fra portalen etter at du har logget ut.',
    signOut: 'Logg ut av Severa',
    notSignedInTitle: 'Du er ikke pålogget Visma Severa',
    notSignedIn: 'Åpne Visma Severa fra MyVisma eller Azets Work for å logge på.',
    signedOutTitle: 'Du har logget ut av Visma Severa',
    signedOut: 'Åpne Visma Severa fra MyVisma eller Azets Work for å logge på igjen.',
  },
  mail: {
    activation: {
      subject: 'Velkommen til Visma Enterprise: aktiver kontoen din',
      body:
        'Hei %{name},\n\n%{invitedBy} Aktiver Visma Connect-kontoen din med denne lenken:\n\n%{link}\n\n' +
        'Lenken er gyldig i %{hours} timer. Hvis det har gått mer enn %{hours} timer, kan du likevel åpne lenken og be om en ny.\n\n' +
        'Du velger et passord, legger til en autentiseringsapp (Google, Microsoft eller en annen) og får en reservekode.',
      invitedBy: '%{organization} har invitert deg til kundeportalen.',
      invited: 'Du er invitert til kundeportalen.',
    },
    passwordReset: {
      subject: 'Tilbakestill Visma Connect-passordet ditt',
      body:
        'Hei %{name},\n\nNoen (forhåpentligvis du) har bedt om å tilbakestille passordet til Visma Connect-kontoen din. Velg et nytt passord med denne lenken:\n\n%{link}\n\n' +
        'Lenken er gyldig i %{minutes} minutter. Totrinnsbekreftelsen din forblir som den er.\n\nHvis du ikke har bedt om dette, kan du se bort fra e-posten: passordet ditt er ikke endret.',
    },
    passwordChanged: {
      subject: 'Visma Connect-passordet ditt er endret',
      body: 'Hei %{name},\n\nPassordet til Visma Connect-kontoen din ble endret %{at}.\n\nHvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
    },
    authenticatorEnrolled: {
      subject: 'En ny autentiseringsapp er lagt til for Visma Connect-kontoen din',
      body:
        'Hei %{name},\n\nEn ny autentiseringsapp ble lagt til for Visma Connect-kontoen din %{at}, og en ny reservekode ble laget. ' +
        'Endringen gjelder alle Visma-programmer du logger på.\n\nHvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
    },
    phoneAdded: {
      subject: 'Et telefonnummer er lagt til for pålogging med SMS',
      body: 'Hei %{name},\n\nTelefonnummeret %{phone} er lagt til i Visma Connect-kontoen din for SMS-koder.\n\nHvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
    },
    oneTimeCodeUsed: {
      subject: 'Engangskoden din ble brukt til å logge på Visma Connect',
      body: 'Hei %{name},\n\n%{what} ble brukt til å logge på Visma Connect-kontoen din %{at}. Koden kan ikke brukes igjen.\n\nHvis det ikke var deg, kontakt Severas kundeservice umiddelbart og bytt passord.',
      recoveryCode: 'En engangskode fra kundeservice',
      emergencyCode: 'Reservekoden din',
    },
    secondFactorsReset: {
      subject: 'Totrinnsbekreftelsen din er tilbakestilt',
      body:
        'Hei %{name},\n\nEtter pålogging med en engangskode valgte du «Jeg har mistet tilgangen permanent». Alle andre faktorer for Visma Connect-kontoen din ' +
        '(autentiseringsapp, reservekode, SMS, passnøkler og sikkerhetsnøkler, Visma Authenticator-enheter) er fjernet; dette gjelder alle Visma-programmer du bruker. En ny autentiseringsapp settes opp nå.\n\n' +
        'Hvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
    },
    secondFactorsResetByAgent: {
      subject: 'Totrinnsbekreftelsen din er tilbakestilt',
      body:
        'Hei %{name},\n\nKundeservice tilbakestilte totrinnsbekreftelsen for Visma Connect-kontoen din i sak #%{ticket}. Alle andre faktorer ' +
        '(autentiseringsapp, reservekode, SMS, passnøkler og sikkerhetsnøkler, Visma Authenticator-enheter) er fjernet; dette gjelder alle Visma-programmer du bruker, og du er logget ut overalt. ' +
        'Ved neste pålogging setter du opp en ny.\n\n' +
        'Hvis du ikke ba om dette, kontakt Severas kundeservice umiddelbart.',
    },
    recoveryCodeIssued: {
      subject: 'En engangskode for pålogging er laget for Visma Connect-kontoen din',
      body:
        'Hei %{name},\n\nKundeservice laget en engangskode for pålogging for sak #%{ticket} %{at}. Den virker én gang, sammen med passordet ditt, frem til %{until}.\n\n' +
        'Hvis det ikke var deg, kontakt kundeservice med en gang og ikke del noen kode med noen: koden gis bare til deg i en samtale eller chat du selv har startet.\n\n' +
        'Tofaktorautentisering hører til Visma Connect-identiteten din, så en tilbakestilling gjelder alle Visma-programmer du bruker.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Kundeservice, sak #%{ticket}. Svar på denne meldingen og behold [#%{ticket}] i emnefeltet.',
  },
  sms: {
    signInCode: 'Sikkerhetskoden din for Visma Connect er %{code}. Den er gyldig i 5 minutter. Ikke fortell den til noen, heller ikke kundeservice.',
    phoneVerification: 'Bekreftelseskoden din for Visma Connect er %{code}. Skriv den inn for å legge til dette nummeret for pålogging med SMS.',
    stepUpCode: 'Sikkerhetskoden din for Visma Connect er %{code}. Den bekrefter en endring av sikkerhetsinnstillingene dine og er gyldig i 5 minutter. Ikke fortell den til noen.',
    signInCodeSubject: 'Visma Connect-kode',
    phoneVerificationSubject: 'Bekreftelseskode for Visma Connect',
  },
};

const da: Translated<CoreMessages> = {
  severa: {
    refusedTitle: 'Login kunne ikke gennemføres',
    refusedLead: 'Du kunne ikke logges ind i Visma Severa fra %{portal}.',
    refusedHelp: 'Kontakt din administrator, og oplys tidspunktet og referencen nedenfor. Administratoren kan se, hvorfor login ikke lykkedes.',
    reference: 'Reference:',
    signedInAs: 'Logget ind som %{name}',
    user: 'Severa-bruger',
    organization: 'Organisation',
    signedInFrom: 'Logget ind fra',
    independent: 'Din Severa-session afhænger ikke længere af %{portal}: den varer, så længe du bruger Severa. Log ind igen fra portalen, når du har logget ud.',
    signOut: 'Log ud af Severa',
    notSignedInTitle: 'Du er ikke logget ind i Visma Severa',
    notSignedIn: 'Åbn Visma Severa fra MyVisma eller Azets Work for at logge ind.',
    signedOutTitle: 'Du har logget ud af Visma Severa',
    signedOut: 'Åbn Visma Severa fra MyVisma eller Azets Work for at logge ind igen.',
  },
  mail: {
    activation: {
      subject: 'Velkommen til Visma Enterprise: aktivér din konto',
      body:
        'Hej %{name},\n\n%{invitedBy} Aktivér din Visma Connect-konto med dette link:\n\n%{link}\n\n' +
        'Linket er gyldigt i %{hours} timer. Hvis der er gået mere end %{hours} timer, kan du stadig åbne linket og bede om et nyt.\n\n' +
        'Du vælger en adgangskode, tilføjer en godkendelsesapp (Google, Microsoft eller en anden) og får en nødkode.',
      invitedBy: '%{organization} har inviteret dig til kundeportalen.',
      invited: 'Du er inviteret til kundeportalen.',
    },
    passwordReset: {
      subject: 'Nulstil din Visma Connect-adgangskode',
      body:
        'Hej %{name},\n\nNogen (forhåbentlig dig) har bedt om at nulstille adgangskoden til din Visma Connect-konto. Vælg en ny adgangskode med dette link:\n\n%{link}\n\n' +
        'Linket er gyldigt i %{minutes} minutter. Din totrinsbekræftelse forbliver uændret.\n\nHvis du ikke har bedt om dette, kan du se bort fra denne e-mail: din adgangskode er ikke ændret.',
    },
    passwordChanged: {
      subject: 'Din Visma Connect-adgangskode er ændret',
      body: 'Hej %{name},\n\nAdgangskoden til din Visma Connect-konto blev ændret %{at}.\n\nHvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
    },
    authenticatorEnrolled: {
      subject: 'En ny godkendelsesapp er tilføjet til din Visma Connect-konto',
      body:
        'Hej %{name},\n\nEn ny godkendelsesapp blev tilføjet til din Visma Connect-konto %{at}, og en ny nødkode blev oprettet. ' +
        'Ændringen gælder alle Visma-programmer, du logger ind i.\n\nHvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
    },
    phoneAdded: {
      subject: 'Et telefonnummer er tilføjet til login med sms',
      body: 'Hej %{name},\n\nTelefonnummeret %{phone} er tilføjet til din Visma Connect-konto til sms-koder.\n\nHvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
    },
    oneTimeCodeUsed: {
      subject: 'Din engangskode blev brugt til at logge ind i Visma Connect',
      body: 'Hej %{name},\n\n%{what} blev brugt til at logge ind på din Visma Connect-konto %{at}. Koden kan ikke bruges igen.\n\nHvis det ikke var dig, så kontakt Severas kundeservice med det samme, og skift din adgangskode.',
      recoveryCode: 'En engangskode fra kundeservice',
      emergencyCode: 'Din nødkode',
    },
    secondFactorsReset: {
      subject: 'Din totrinsbekræftelse er nulstillet',
      body:
        'Hej %{name},\n\nEfter login med en engangskode valgte du »Jeg har mistet adgangen permanent«. Alle andre faktorer for din Visma Connect-konto ' +
        '(godkendelsesapp, nødkode, sms, adgangsnøgler og sikkerhedsnøgler, Visma Authenticator-enheder) er fjernet; det gælder alle Visma-programmer, du bruger. En ny godkendelsesapp bliver sat op nu.\n\n' +
        'Hvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
    },
    secondFactorsResetByAgent: {
      subject: 'Din totrinsbekræftelse er nulstillet',
      body:
        'Hej %{name},\n\nKundeservice nulstillede totrinsbekræftelsen for din Visma Connect-konto i sag #%{ticket}. Alle andre faktorer ' +
        '(godkendelsesapp, nødkode, sms, adgangsnøgler og sikkerhedsnøgler, Visma Authenticator-enheder) er fjernet; det gælder alle Visma-programmer, du bruger, og du er logget ud overalt. ' +
        'Ved næste login sætter du en ny op.\n\n' +
        'Hvis du ikke har bedt om dette, så kontakt Severas kundeservice med det samme.',
    },
    recoveryCodeIssued: {
      subject: 'Der er udstedt en engangskode til login på din Visma Connect-konto',
      body:
        'Hej %{name},\n\nKundeservice udstedte en engangskode til login for sag #%{ticket} %{at}. Den virker én gang sammen med din adgangskode indtil %{until}.\n\n' +
        'Hvis det ikke var dig, så kontakt kundeservice med det samme, og del ingen kode med nogen: koden gives kun til dig i et opkald eller en chat, du selv har startet.\n\n' +
        'Totrinsgodkendelse hører til din Visma Connect-identitet, så en nulstilling gælder alle Visma-programmer, du bruger.',
    },
  },
  ticket: {
    /** Under an agent's reply from a ticket: how the answer finds its way back. */
    replyFooter: 'Kundeservice, sag #%{ticket}. Svar på denne besked, og behold [#%{ticket}] i emnefeltet.',
  },
  sms: {
    signInCode: 'Din sikkerhedskode til Visma Connect er %{code}. Den er gyldig i 5 minutter. Fortæl den aldrig til nogen, heller ikke kundeservice.',
    phoneVerification: 'Din bekræftelseskode til Visma Connect er %{code}. Indtast den for at tilføje dette nummer til login med sms.',
    stepUpCode: 'Din sikkerhedskode til Visma Connect er %{code}. Den bekræfter en ændring af dine sikkerhedsindstillinger og er gyldig i 5 minutter. Fortæl den aldrig til nogen.',
    signInCodeSubject: 'Visma Connect-kode',
    phoneVerificationSubject: 'Bekræftelseskode til Visma Connect',
  },
};

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
