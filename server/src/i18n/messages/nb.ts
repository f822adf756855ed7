import type { Translated } from '../../../../shared/locales.js';
import type { en } from './en.js';

export const nb: Translated<typeof en> = {
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
