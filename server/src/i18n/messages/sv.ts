import type { Translated } from '../../../../shared/locales.js';
import type { en } from './en.js';

export const sv: Translated<typeof en> = {
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
