/**
 * The server's e-mails about account security and add-on changes, in the five languages. Merged into
 * `SERVER_MESSAGES.<locale>.mail` (messages/index.ts), so `mail(locale, kind, params)` and `t()` find them, and
 * test/unit/i18n-completeness.spec.ts checks them with the rest. Placeholders are `%{name}`; dates arrive formatted.
 */
import type { Locale } from '../../../shared/locales.js';

const en = {
  alreadyRegistered: {
    subject: 'You already have a Visma Connect account',
    body:
      'Hello %{name},\n\n%{organization} invited you to the Customer Portal, but you already have a Visma Connect account with this address. Sign in with it:\n\n%{signInLink}\n\n' +
      'Forgot your password? Ask for a new one here:\n\n%{forgotLink}\n\nIf you did not expect this, you can ignore this e-mail.',
  },
  securityChanged: {
    subject: 'Your Visma Connect security settings were changed',
    body:
      'Hello %{name},\n\nThe security settings of your Visma Connect account were changed on %{at}:\n\n%{what}\n\n' +
      'Two-step verification belongs to your Visma Connect identity, so this applies to every Visma application you use.\n\n' +
      "If this wasn't you, contact Severa customer service immediately.",
    what: {
      passkeyRegistered: 'A passkey named "%{key}" was added.',
      securityKeyRegistered: 'A security key named "%{key}" was added.',
      passkeyRenamed: 'A passkey was renamed from "%{from}" to "%{key}".',
      passkeyRemoved: 'The passkey "%{key}" was removed.',
      securityKeyRemoved: 'The security key "%{key}" was removed.',
      totpAdded: 'An authenticator app was set up.',
      totpReplaced: 'A new authenticator app was set up (the previous one no longer works).',
      totpRemoved: 'The authenticator app was removed.',
      smsRemoved: 'The phone number %{phone} was removed from SMS sign-in.',
      emergencyCodeRenewed: 'A new emergency code was created (the previous one no longer works).',
      defaultMethodChanged: 'The default sign-in method is now: %{method}.',
      pushDeviceRemoved: 'The device "%{device}" was removed from Visma Authenticator sign-in approvals.',
    },
    method: { push: 'Visma Authenticator', passkey: 'passkey or security key', totp: 'authenticator app', sms: 'SMS code', emergencyCode: 'emergency code' },
  },
  passkeyCloneSuspected: {
    subject: 'A sign-in with a copy of your security key was refused',
    body:
      'Hello %{name},\n\nA sign-in to your Visma Connect account used %{credential}, but its signature counter went backwards, which happens when a key was copied. The sign-in was refused.\n\n' +
      'If you did not try to sign in just now, remove this key in your security settings and contact Severa customer service.',
    passkey: 'your passkey "%{key}"',
    securityKey: 'your security key "%{key}"',
  },
  pushReported: {
    subject: 'You reported a sign-in attempt to your Visma Connect account',
    body:
      'Hello %{name},\n\nYou reported a sign-in request that you did not start (%{browser}, address %{ip}, %{at}). It was refused. ' +
      'Whoever started it knows your password: change your password now.\n\nIf you need help, contact Severa customer service.',
    unknownBrowser: 'unknown browser',
    unknownAddress: 'unknown',
  },
  deviceEnrolled: {
    subject: 'Visma Authenticator was added to your Visma Connect account',
    body:
      'Hello %{name},\n\nThe device "%{device}" was enrolled for Visma Authenticator sign-in approvals on your Visma Connect account on %{at}. ' +
      "It applies to every Visma application you use.\n\nIf this wasn't you, contact Severa customer service immediately.",
  },
  addonActivated: {
    subject: '%{addon} add-on activated for %{organization}',
    body:
      'The %{addon} add-on was activated for %{organization} by %{actor} on %{at} (order %{order}, price %{price} %{currency}).\n\n' +
      'Users can now sign in to Visma Severa from %{portal} when their e-mail address is exactly the same in both systems and their Severa user is active.',
    connectionCreated: 'A %{portal} connection was created. Its secret was shown once to %{actor}, who gives it to the %{portal} administrator.',
    effect: 'Portal accounts of the organization on %{portal}: %{accounts}. Able to sign in now: %{willSignIn}. Still unable (other reasons, e.g. e-mail not found in Severa or Severa user inactive): %{stillBlocked}.',
  },
  addonDeactivated: {
    subject: '%{addon} add-on deactivated for %{organization}',
    body:
      'The %{addon} add-on was deactivated for %{organization} by %{actor} on %{at}.\n\nReason: %{reason}\n\n' +
      'Sign-ins to Visma Severa from %{portal} now fail with "add-on not active" for everyone in the organization.',
    effect: 'Portal accounts of the organization on %{portal}: %{accounts}. Lost access: %{willLoseAccess}. Already unable to sign in: %{stillBlocked}.',
  },
};

export type SecurityMail = typeof en;

const fi: SecurityMail = {
  alreadyRegistered: {
    subject: 'Sinulla on jo Visma Connect -tili',
    body:
      'Hei %{name},\n\n%{organization} kutsui sinut asiakasportaaliin, mutta sinulla on jo Visma Connect -tili tällä osoitteella. Kirjaudu sillä:\n\n%{signInLink}\n\n' +
      'Unohditko salasanasi? Pyydä uusi täältä:\n\n%{forgotLink}\n\nJos et odottanut tätä viestiä, voit jättää sen huomiotta.',
  },
  securityChanged: {
    subject: 'Visma Connect -tilisi suojausasetuksia muutettiin',
    body:
      'Hei %{name},\n\nVisma Connect -tilisi suojausasetuksia muutettiin %{at}:\n\n%{what}\n\n' +
      'Kaksivaiheinen tunnistautuminen kuuluu Visma Connect -identiteettiisi, joten muutos koskee kaikkia käyttämiäsi Visman sovelluksia.\n\n' +
      'Jos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
    what: {
      passkeyRegistered: 'Lisättiin pääsyavain nimeltä ”%{key}”.',
      securityKeyRegistered: 'Lisättiin suojausavain nimeltä ”%{key}”.',
      passkeyRenamed: 'Pääsyavaimen nimi muutettiin: ”%{from}” → ”%{key}”.',
      passkeyRemoved: 'Pääsyavain ”%{key}” poistettiin.',
      securityKeyRemoved: 'Suojausavain ”%{key}” poistettiin.',
      totpAdded: 'Todennussovellus otettiin käyttöön.',
      totpReplaced: 'Uusi todennussovellus otettiin käyttöön (edellinen ei enää toimi).',
      totpRemoved: 'Todennussovellus poistettiin.',
      smsRemoved: 'Puhelinnumero %{phone} poistettiin tekstiviestikirjautumisesta.',
      emergencyCodeRenewed: 'Luotiin uusi varakoodi (edellinen ei enää toimi).',
      defaultMethodChanged: 'Oletuskirjautumistapa on nyt: %{method}.',
      pushDeviceRemoved: 'Laite ”%{device}” poistettiin Visma Authenticator -kirjautumishyväksynnöistä.',
    },
    method: { push: 'Visma Authenticator', passkey: 'pääsyavain tai suojausavain', totp: 'todennussovellus', sms: 'tekstiviestikoodi', emergencyCode: 'varakoodi' },
  },
  passkeyCloneSuspected: {
    subject: 'Kirjautuminen suojausavaimesi kopiolla estettiin',
    body:
      'Hei %{name},\n\nVisma Connect -tilillesi yritettiin kirjautua käyttäen %{credential}, mutta sen allekirjoituslaskuri kulki taaksepäin, mikä tapahtuu, kun avain on kopioitu. Kirjautuminen estettiin.\n\n' +
      'Jos et juuri yrittänyt kirjautua, poista tämä avain suojausasetuksistasi ja ota yhteyttä Severan asiakaspalveluun.',
    passkey: 'pääsyavaintasi ”%{key}”',
    securityKey: 'suojausavaintasi ”%{key}”',
  },
  pushReported: {
    subject: 'Ilmoitit kirjautumisyrityksestä Visma Connect -tilillesi',
    body:
      'Hei %{name},\n\nIlmoitit kirjautumispyynnöstä, jota et itse aloittanut (%{browser}, osoite %{ip}, %{at}). Se hylättiin. ' +
      'Pyynnön aloittaja tietää salasanasi: vaihda salasanasi nyt.\n\nJos tarvitset apua, ota yhteyttä Severan asiakaspalveluun.',
    unknownBrowser: 'tuntematon selain',
    unknownAddress: 'tuntematon',
  },
  deviceEnrolled: {
    subject: 'Visma Connect -tilillesi lisättiin Visma Authenticator',
    body:
      'Hei %{name},\n\nLaite ”%{device}” otettiin käyttöön Visma Authenticator -kirjautumishyväksyntöihin Visma Connect -tililläsi %{at}. ' +
      'Se koskee kaikkia käyttämiäsi Visman sovelluksia.\n\nJos se et ollut sinä, ota heti yhteyttä Severan asiakaspalveluun.',
  },
  addonActivated: {
    subject: 'Lisäosa %{addon} otettiin käyttöön organisaatiolle %{organization}',
    body:
      '%{actor} otti lisäosan %{addon} käyttöön organisaatiolle %{organization} %{at} (tilaus %{order}, hinta %{price} %{currency}).\n\n' +
      'Käyttäjät voivat nyt kirjautua Visma Severaan palvelusta %{portal}, kun heidän sähköpostiosoitteensa on täsmälleen sama molemmissa järjestelmissä ja heidän Severa-käyttäjänsä on aktiivinen.',
    connectionCreated: 'Palveluun %{portal} luotiin yhteys. Sen salaisuus näytettiin kerran käyttäjälle %{actor}, joka antaa sen palvelun %{portal} pääkäyttäjälle.',
    effect: 'Organisaation portaalitilejä palvelussa %{portal}: %{accounts}. Voi kirjautua nyt: %{willSignIn}. Ei vieläkään voi (muista syistä, esim. sähköpostiosoitetta ei löydy Severasta tai Severa-käyttäjä ei ole aktiivinen): %{stillBlocked}.',
  },
  addonDeactivated: {
    subject: 'Lisäosa %{addon} poistettiin käytöstä organisaatiolta %{organization}',
    body:
      '%{actor} poisti lisäosan %{addon} käytöstä organisaatiolta %{organization} %{at}.\n\nSyy: %{reason}\n\n' +
      'Kirjautumiset Visma Severaan palvelusta %{portal} epäonnistuvat nyt kaikilta organisaation käyttäjiltä syyllä ”lisäosa ei ole käytössä”.',
    effect: 'Organisaation portaalitilejä palvelussa %{portal}: %{accounts}. Menetti pääsyn: %{willLoseAccess}. Ei voinut kirjautua jo ennestään: %{stillBlocked}.',
  },
};

const sv: SecurityMail = {
  alreadyRegistered: {
    subject: 'Du har redan ett Visma Connect-konto',
    body:
      'Hej %{name},\n\n%{organization} har bjudit in dig till kundportalen, men du har redan ett Visma Connect-konto med den här adressen. Logga in med det:\n\n%{signInLink}\n\n' +
      'Glömt lösenordet? Be om ett nytt här:\n\n%{forgotLink}\n\nOm du inte väntade dig detta kan du bortse från det här e-postmeddelandet.',
  },
  securityChanged: {
    subject: 'Säkerhetsinställningarna för ditt Visma Connect-konto har ändrats',
    body:
      'Hej %{name},\n\nSäkerhetsinställningarna för ditt Visma Connect-konto ändrades %{at}:\n\n%{what}\n\n' +
      'Tvåstegsverifieringen hör till din Visma Connect-identitet, så detta gäller alla Visma-program du använder.\n\n' +
      'Om det inte var du, kontakta Severas kundtjänst omedelbart.',
    what: {
      passkeyRegistered: 'Ett nyckelpass med namnet ”%{key}” har lagts till.',
      securityKeyRegistered: 'En säkerhetsnyckel med namnet ”%{key}” har lagts till.',
      passkeyRenamed: 'Ett nyckelpass har bytt namn från ”%{from}” till ”%{key}”.',
      passkeyRemoved: 'Nyckelpasset ”%{key}” har tagits bort.',
      securityKeyRemoved: 'Säkerhetsnyckeln ”%{key}” har tagits bort.',
      totpAdded: 'En autentiseringsapp har konfigurerats.',
      totpReplaced: 'En ny autentiseringsapp har konfigurerats (den tidigare fungerar inte längre).',
      totpRemoved: 'Autentiseringsappen har tagits bort.',
      smsRemoved: 'Telefonnumret %{phone} har tagits bort från inloggning med sms.',
      emergencyCodeRenewed: 'En ny reservkod har skapats (den tidigare fungerar inte längre).',
      defaultMethodChanged: 'Standardmetoden för inloggning är nu: %{method}.',
      pushDeviceRemoved: 'Enheten ”%{device}” har tagits bort från godkännanden av inloggningar med Visma Authenticator.',
    },
    method: { push: 'Visma Authenticator', passkey: 'nyckelpass eller säkerhetsnyckel', totp: 'autentiseringsapp', sms: 'sms-kod', emergencyCode: 'reservkod' },
  },
  passkeyCloneSuspected: {
    subject: 'En inloggning med en kopia av din säkerhetsnyckel stoppades',
    body:
      'Hej %{name},\n\nEn inloggning på ditt Visma Connect-konto använde %{credential}, men dess signaturräknare gick bakåt, vilket händer när en nyckel har kopierats. Inloggningen stoppades.\n\n' +
      'Om du inte försökte logga in nyss, ta bort nyckeln i dina säkerhetsinställningar och kontakta Severas kundtjänst.',
    passkey: 'ditt nyckelpass ”%{key}”',
    securityKey: 'din säkerhetsnyckel ”%{key}”',
  },
  pushReported: {
    subject: 'Du har rapporterat ett inloggningsförsök på ditt Visma Connect-konto',
    body:
      'Hej %{name},\n\nDu rapporterade en inloggningsbegäran som du inte själv startade (%{browser}, adress %{ip}, %{at}). Den avvisades. ' +
      'Den som startade den känner till ditt lösenord: byt lösenord nu.\n\nOm du behöver hjälp, kontakta Severas kundtjänst.',
    unknownBrowser: 'okänd webbläsare',
    unknownAddress: 'okänd',
  },
  deviceEnrolled: {
    subject: 'Visma Authenticator har lagts till för ditt Visma Connect-konto',
    body:
      'Hej %{name},\n\nEnheten ”%{device}” registrerades för godkännanden av inloggningar med Visma Authenticator på ditt Visma Connect-konto %{at}. ' +
      'Det gäller alla Visma-program du använder.\n\nOm det inte var du, kontakta Severas kundtjänst omedelbart.',
  },
  addonActivated: {
    subject: 'Tillägget %{addon} har aktiverats för %{organization}',
    body:
      'Tillägget %{addon} aktiverades för %{organization} av %{actor} %{at} (order %{order}, pris %{price} %{currency}).\n\n' +
      'Användarna kan nu logga in i Visma Severa från %{portal} när deras e-postadress är exakt densamma i båda systemen och deras Severa-användare är aktiv.',
    connectionCreated: 'En anslutning till %{portal} har skapats. Dess hemlighet visades en gång för %{actor}, som ger den till administratören för %{portal}.',
    effect: 'Organisationens portalkonton i %{portal}: %{accounts}. Kan logga in nu: %{willSignIn}. Kan fortfarande inte (andra orsaker, t.ex. e-postadressen finns inte i Severa eller Severa-användaren är inaktiv): %{stillBlocked}.',
  },
  addonDeactivated: {
    subject: 'Tillägget %{addon} har inaktiverats för %{organization}',
    body:
      'Tillägget %{addon} inaktiverades för %{organization} av %{actor} %{at}.\n\nOrsak: %{reason}\n\n' +
      'Inloggningar i Visma Severa från %{portal} misslyckas nu med ”tillägget är inte aktivt” för alla i organisationen.',
    effect: 'Organisationens portalkonton i %{portal}: %{accounts}. Förlorade åtkomst: %{willLoseAccess}. Kunde redan inte logga in: %{stillBlocked}.',
  },
};

const nb: SecurityMail = {
  alreadyRegistered: {
    subject: 'Du har allerede en Visma Connect-konto',
    body:
      'Hei %{name},\n\n%{organization} har invitert deg til kundeportalen, men du har allerede en Visma Connect-konto med denne adressen. Logg på med den:\n\n%{signInLink}\n\n' +
      'Glemt passordet? Be om et nytt her:\n\n%{forgotLink}\n\nHvis du ikke ventet dette, kan du se bort fra denne e-posten.',
  },
  securityChanged: {
    subject: 'Sikkerhetsinnstillingene for Visma Connect-kontoen din er endret',
    body:
      'Hei %{name},\n\nSikkerhetsinnstillingene for Visma Connect-kontoen din ble endret %{at}:\n\n%{what}\n\n' +
      'Totrinnsbekreftelsen hører til Visma Connect-identiteten din, så dette gjelder alle Visma-programmer du bruker.\n\n' +
      'Hvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
    what: {
      passkeyRegistered: 'En passnøkkel med navnet «%{key}» er lagt til.',
      securityKeyRegistered: 'En sikkerhetsnøkkel med navnet «%{key}» er lagt til.',
      passkeyRenamed: 'En passnøkkel har fått nytt navn: «%{from}» ble til «%{key}».',
      passkeyRemoved: 'Passnøkkelen «%{key}» er fjernet.',
      securityKeyRemoved: 'Sikkerhetsnøkkelen «%{key}» er fjernet.',
      totpAdded: 'En autentiseringsapp er satt opp.',
      totpReplaced: 'En ny autentiseringsapp er satt opp (den forrige virker ikke lenger).',
      totpRemoved: 'Autentiseringsappen er fjernet.',
      smsRemoved: 'Telefonnummeret %{phone} er fjernet fra pålogging med SMS.',
      emergencyCodeRenewed: 'En ny reservekode er opprettet (den forrige virker ikke lenger).',
      defaultMethodChanged: 'Standard påloggingsmetode er nå: %{method}.',
      pushDeviceRemoved: 'Enheten «%{device}» er fjernet fra godkjenning av pålogginger med Visma Authenticator.',
    },
    method: { push: 'Visma Authenticator', passkey: 'passnøkkel eller sikkerhetsnøkkel', totp: 'autentiseringsapp', sms: 'SMS-kode', emergencyCode: 'reservekode' },
  },
  passkeyCloneSuspected: {
    subject: 'En pålogging med en kopi av sikkerhetsnøkkelen din ble avvist',
    body:
      'Hei %{name},\n\nEn pålogging på Visma Connect-kontoen din brukte %{credential}, men signaturtelleren gikk bakover, noe som skjer når en nøkkel er kopiert. Påloggingen ble avvist.\n\n' +
      'Hvis du ikke nettopp prøvde å logge på, fjern denne nøkkelen i sikkerhetsinnstillingene dine og kontakt Severas kundeservice.',
    passkey: 'passnøkkelen din «%{key}»',
    securityKey: 'sikkerhetsnøkkelen din «%{key}»',
  },
  pushReported: {
    subject: 'Du har rapportert et påloggingsforsøk på Visma Connect-kontoen din',
    body:
      'Hei %{name},\n\nDu rapporterte en påloggingsforespørsel som du ikke selv startet (%{browser}, adresse %{ip}, %{at}). Den ble avvist. ' +
      'Den som startet den, kjenner passordet ditt: bytt passord nå.\n\nHvis du trenger hjelp, kontakt Severas kundeservice.',
    unknownBrowser: 'ukjent nettleser',
    unknownAddress: 'ukjent',
  },
  deviceEnrolled: {
    subject: 'Visma Authenticator er lagt til for Visma Connect-kontoen din',
    body:
      'Hei %{name},\n\nEnheten «%{device}» ble registrert for godkjenning av pålogginger med Visma Authenticator på Visma Connect-kontoen din %{at}. ' +
      'Det gjelder alle Visma-programmer du bruker.\n\nHvis det ikke var deg, kontakt Severas kundeservice umiddelbart.',
  },
  addonActivated: {
    subject: 'Tillegget %{addon} er aktivert for %{organization}',
    body:
      'Tillegget %{addon} ble aktivert for %{organization} av %{actor} %{at} (ordre %{order}, pris %{price} %{currency}).\n\n' +
      'Brukerne kan nå logge på Visma Severa fra %{portal} når e-postadressen deres er nøyaktig den samme i begge systemene og Severa-brukeren deres er aktiv.',
    connectionCreated: 'En tilkobling til %{portal} er opprettet. Hemmeligheten ble vist én gang til %{actor}, som gir den til administratoren for %{portal}.',
    effect: 'Organisasjonens portalkontoer i %{portal}: %{accounts}. Kan logge på nå: %{willSignIn}. Kan fortsatt ikke (andre årsaker, f.eks. e-postadressen finnes ikke i Severa eller Severa-brukeren er inaktiv): %{stillBlocked}.',
  },
  addonDeactivated: {
    subject: 'Tillegget %{addon} er deaktivert for %{organization}',
    body:
      'Tillegget %{addon} ble deaktivert for %{organization} av %{actor} %{at}.\n\nÅrsak: %{reason}\n\n' +
      'Pålogginger på Visma Severa fra %{portal} mislykkes nå med «tillegget er ikke aktivt» for alle i organisasjonen.',
    effect: 'Organisasjonens portalkontoer i %{portal}: %{accounts}. Mistet tilgang: %{willLoseAccess}. Kunne allerede ikke logge på: %{stillBlocked}.',
  },
};

const da: SecurityMail = {
  alreadyRegistered: {
    subject: 'Du har allerede en Visma Connect-konto',
    body:
      'Hej %{name},\n\n%{organization} har inviteret dig til kundeportalen, men du har allerede en Visma Connect-konto med denne adresse. Log ind med den:\n\n%{signInLink}\n\n' +
      'Har du glemt din adgangskode? Bed om en ny her:\n\n%{forgotLink}\n\nHvis du ikke havde ventet dette, kan du se bort fra denne e-mail.',
  },
  securityChanged: {
    subject: 'Sikkerhedsindstillingerne for din Visma Connect-konto er ændret',
    body:
      'Hej %{name},\n\nSikkerhedsindstillingerne for din Visma Connect-konto blev ændret %{at}:\n\n%{what}\n\n' +
      'Totrinsbekræftelse hører til din Visma Connect-identitet, så det gælder alle Visma-programmer, du bruger.\n\n' +
      'Hvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
    what: {
      passkeyRegistered: 'En adgangsnøgle med navnet »%{key}« er tilføjet.',
      securityKeyRegistered: 'En sikkerhedsnøgle med navnet »%{key}« er tilføjet.',
      passkeyRenamed: 'En adgangsnøgle har fået nyt navn: »%{from}« blev til »%{key}«.',
      passkeyRemoved: 'Adgangsnøglen »%{key}« er fjernet.',
      securityKeyRemoved: 'Sikkerhedsnøglen »%{key}« er fjernet.',
      totpAdded: 'En godkendelsesapp er sat op.',
      totpReplaced: 'En ny godkendelsesapp er sat op (den tidligere virker ikke længere).',
      totpRemoved: 'Godkendelsesappen er fjernet.',
      smsRemoved: 'Telefonnummeret %{phone} er fjernet fra login med sms.',
      emergencyCodeRenewed: 'Der er oprettet en ny nødkode (den tidligere virker ikke længere).',
      defaultMethodChanged: 'Standardmetoden til login er nu: %{method}.',
      pushDeviceRemoved: 'Enheden »%{device}« er fjernet fra godkendelse af login med Visma Authenticator.',
    },
    method: { push: 'Visma Authenticator', passkey: 'adgangsnøgle eller sikkerhedsnøgle', totp: 'godkendelsesapp', sms: 'sms-kode', emergencyCode: 'nødkode' },
  },
  passkeyCloneSuspected: {
    subject: 'Et login med en kopi af din sikkerhedsnøgle blev afvist',
    body:
      'Hej %{name},\n\nEt login på din Visma Connect-konto brugte %{credential}, men dens signaturtæller gik baglæns, hvilket sker, når en nøgle er blevet kopieret. Login blev afvist.\n\n' +
      'Hvis du ikke lige har forsøgt at logge ind, så fjern nøglen i dine sikkerhedsindstillinger og kontakt Severas kundeservice.',
    passkey: 'din adgangsnøgle »%{key}«',
    securityKey: 'din sikkerhedsnøgle »%{key}«',
  },
  pushReported: {
    subject: 'Du har rapporteret et loginforsøg på din Visma Connect-konto',
    body:
      'Hej %{name},\n\nDu rapporterede en loginanmodning, som du ikke selv startede (%{browser}, adresse %{ip}, %{at}). Den blev afvist. ' +
      'Den, der startede den, kender din adgangskode: skift din adgangskode nu.\n\nHvis du har brug for hjælp, så kontakt Severas kundeservice.',
    unknownBrowser: 'ukendt browser',
    unknownAddress: 'ukendt',
  },
  deviceEnrolled: {
    subject: 'Visma Authenticator er tilføjet til din Visma Connect-konto',
    body:
      'Hej %{name},\n\nEnheden »%{device}« blev registreret til godkendelse af login med Visma Authenticator på din Visma Connect-konto %{at}. ' +
      'Det gælder alle Visma-programmer, du bruger.\n\nHvis det ikke var dig, så kontakt Severas kundeservice med det samme.',
  },
  addonActivated: {
    subject: 'Tilføjelsen %{addon} er aktiveret for %{organization}',
    body:
      'Tilføjelsen %{addon} blev aktiveret for %{organization} af %{actor} %{at} (ordre %{order}, pris %{price} %{currency}).\n\n' +
      'Brugerne kan nu logge ind i Visma Severa fra %{portal}, når deres e-mailadresse er nøjagtig den samme i begge systemer, og deres Severa-bruger er aktiv.',
    connectionCreated: 'Der er oprettet en forbindelse til %{portal}. Dens hemmelighed blev vist én gang til %{actor}, som giver den til administratoren af %{portal}.',
    effect: 'Organisationens portalkonti i %{portal}: %{accounts}. Kan logge ind nu: %{willSignIn}. Kan stadig ikke (andre årsager, f.eks. e-mailadressen findes ikke i Severa, eller Severa-brugeren er inaktiv): %{stillBlocked}.',
  },
  addonDeactivated: {
    subject: 'Tilføjelsen %{addon} er deaktiveret for %{organization}',
    body:
      'Tilføjelsen %{addon} blev deaktiveret for %{organization} af %{actor} %{at}.\n\nÅrsag: %{reason}\n\n' +
      'Login i Visma Severa fra %{portal} mislykkes nu med »tilføjelsen er ikke aktiv« for alle i organisationen.',
    effect: 'Organisationens portalkonti i %{portal}: %{accounts}. Mistede adgang: %{willLoseAccess}. Kunne i forvejen ikke logge ind: %{stillBlocked}.',
  },
};

export const SECURITY_MAIL: Record<Locale, SecurityMail> = { en, fi, sv, nb, da };
