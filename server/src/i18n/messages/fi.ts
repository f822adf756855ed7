import type { Translated } from '../../../../shared/locales.js';
import type { en } from './en.js';

export const fi: Translated<typeof en> = {
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
