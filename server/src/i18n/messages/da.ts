import type { Translated } from '../../../../shared/locales.js';
import type { en } from './en.js';

export const da: Translated<typeof en> = {
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
