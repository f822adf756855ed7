import { defineMessages } from '../define.js';

/** The diagnosis' fixes performed on the page (activate the Severa user, enable the connection, rotate its secret). */
export const fixes = defineMessages({
  en: {
    activateUser: {
      title: 'Activate the Severa user?',
      text: '%{email} becomes active in Visma Severa and can sign in again. This needs a fresh authenticator code. Why is the user activated?',
      confirm: 'Activate',
      done: 'The Severa user is active. Diagnosing again…',
    },
    enableConnection: {
      title: 'Enable the portal connection?',
      text: 'Hand-offs through this connection are accepted again once it is enabled. Why?',
      confirm: 'Enable',
      done: 'The connection is enabled.',
    },
    rotate: 'You will see the new secret once, to give to the %{portal} administrator. The current secret keeps working for %{hours} hours so the portal can switch without an outage (the Connections tab of the organization lets you choose the overlap).',
  },
  fi: {
    activateUser: {
      title: 'Aktivoidaanko Severa-käyttäjä?',
      text: '%{email} aktivoituu Visma Severassa ja voi kirjautua taas. Tämä vaatii uuden todennuskoodin. Miksi käyttäjä aktivoidaan?',
      confirm: 'Aktivoi',
      done: 'Severa-käyttäjä on aktiivinen. Selvitetään uudelleen…',
    },
    enableConnection: {
      title: 'Otetaanko portaaliyhteys käyttöön?',
      text: 'Tämän yhteyden kautta tulevat siirrot hyväksytään taas, kun se on otettu käyttöön. Miksi?',
      confirm: 'Ota käyttöön',
      done: 'Yhteys on otettu käyttöön.',
    },
    rotate: 'Näet uuden salaisuuden kerran, jotta voit antaa sen portaalin %{portal} ylläpitäjälle. Nykyinen salaisuus toimii vielä %{hours} tuntia, joten portaali voi vaihtaa ilman katkosta (organisaation Yhteydet-välilehdellä voit valita päällekkäisyyden keston).',
  },
  sv: {
    activateUser: {
      title: 'Aktivera Severa-användaren?',
      text: '%{email} blir aktiv i Visma Severa och kan logga in igen. Det kräver en ny autentiseringskod. Varför aktiveras användaren?',
      confirm: 'Aktivera',
      done: 'Severa-användaren är aktiv. Diagnostiserar igen…',
    },
    enableConnection: {
      title: 'Aktivera portalanslutningen?',
      text: 'Överlämningar via den här anslutningen tas emot igen när den är aktiverad. Varför?',
      confirm: 'Aktivera',
      done: 'Anslutningen är aktiverad.',
    },
    rotate: 'Du ser den nya hemligheten en gång, för att ge den till administratören för %{portal}. Den nuvarande hemligheten fungerar i %{hours} timmar till, så att portalen kan byta utan avbrott (på organisationens flik Anslutningar kan du välja överlappet).',
  },
  nb: {
    activateUser: {
      title: 'Aktivere Severa-brukeren?',
      text: '%{email} blir aktiv i Visma Severa og kan logge inn igjen. Dette krever en ny autentiseringskode. Hvorfor aktiveres brukeren?',
      confirm: 'Aktiver',
      done: 'Severa-brukeren er aktiv. Diagnostiserer på nytt…',
    },
    enableConnection: {
      title: 'Aktivere portaltilkoblingen?',
      text: 'Overleveringer gjennom denne tilkoblingen godtas igjen når den er aktivert. Hvorfor?',
      confirm: 'Aktiver',
      done: 'Tilkoblingen er aktivert.',
    },
    rotate: 'Du ser den nye hemmeligheten én gang, for å gi den til administratoren for %{portal}. Den nåværende hemmeligheten virker i %{hours} timer til, slik at portalen kan bytte uten avbrudd (på organisasjonens fane Tilkoblinger kan du velge overlappingen).',
  },
  da: {
    activateUser: {
      title: 'Aktivere Severa-brugeren?',
      text: '%{email} bliver aktiv i Visma Severa og kan logge ind igen. Det kræver en ny godkendelseskode. Hvorfor aktiveres brugeren?',
      confirm: 'Aktivér',
      done: 'Severa-brugeren er aktiv. Diagnosticerer igen…',
    },
    enableConnection: {
      title: 'Aktivere portalforbindelsen?',
      text: 'Overdragelser gennem denne forbindelse accepteres igen, når den er aktiveret. Hvorfor?',
      confirm: 'Aktivér',
      done: 'Forbindelsen er aktiveret.',
    },
    rotate: 'Du ser den nye hemmelighed én gang, så du kan give den til administratoren for %{portal}. Den nuværende hemmelighed virker i %{hours} timer endnu, så portalen kan skifte uden afbrydelse (på organisationens fane Forbindelser kan du vælge overlappet).',
  },
});
