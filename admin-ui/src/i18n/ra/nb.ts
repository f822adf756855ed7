import type { TranslationMessages } from 'ra-core';

/** react-admin's own messages in Norwegian bokmål (no package is published). */
const nb: TranslationMessages = {
  ra: {
    action: {
      add_filter: 'Legg til filter', add: 'Legg til', back: 'Tilbake', bulk_actions: '1 valgt |||| %{smart_count} valgt', cancel: 'Avbryt',
      clear_array_input: 'Tøm listen', clear_input_value: 'Tøm verdien', clone: 'Kopier', confirm: 'Bekreft', create: 'Opprett',
      create_item: 'Opprett %{item}', delete: 'Slett', edit: 'Rediger', export: 'Eksporter', list: 'Liste', refresh: 'Oppdater',
      remove_filter: 'Fjern filteret', remove_all_filters: 'Fjern alle filtre', remove: 'Fjern', reset: 'Tilbakestill', save: 'Lagre',
      search: 'Søk', search_columns: 'Søk i kolonner', select_all: 'Velg alle', select_all_button: 'Velg alle', select_row: 'Velg raden',
      show: 'Vis', sort: 'Sorter', undo: 'Angre', unselect: 'Fjern valget', expand: 'Utvid', close: 'Lukk', open_menu: 'Åpne menyen',
      close_menu: 'Lukk menyen', update: 'Oppdater', move_up: 'Flytt opp', move_down: 'Flytt ned', open: 'Åpne',
      toggle_theme: 'Bytt mellom lys og mørk modus', select_columns: 'Kolonner', update_application: 'Last inn programmet på nytt',
    },
    boolean: { true: 'Ja', false: 'Nei', null: ' ' },
    page: {
      create: 'Opprett %{name}', dashboard: 'Oversikt', edit: '%{name} %{recordRepresentation}', error: 'Noe gikk galt', list: '%{name}',
      loading: 'Laster', not_found: 'Ikke funnet', show: '%{name} %{recordRepresentation}', empty: 'Ingen %{name} ennå.',
      invite: 'Vil du legge til en?', access_denied: 'Ingen tilgang', authentication_error: 'Autentiseringsfeil',
    },
    input: {
      file: { upload_several: 'Slipp filer her eller klikk for å velge.', upload_single: 'Slipp en fil her eller klikk for å velge.' },
      image: { upload_several: 'Slipp bilder her eller klikk for å velge.', upload_single: 'Slipp et bilde her eller klikk for å velge.' },
      references: {
        all_missing: 'Finner ikke de refererte dataene.',
        many_missing: 'Minst én av de refererte postene ser ikke ut til å finnes lenger.',
        single_missing: 'Den refererte posten ser ikke ut til å finnes lenger.',
      },
      password: { toggle_visible: 'Skjul passordet', toggle_hidden: 'Vis passordet' },
    },
    message: {
      about: 'Om', access_denied: 'Du har ikke tilgang til denne siden', are_you_sure: 'Er du sikker?',
      authentication_error: 'Autentiseringsserveren svarte med en feil, og opplysningene dine kunne ikke kontrolleres.',
      auth_error: 'Det oppstod en feil da autentiseringstokenet ble kontrollert.',
      bulk_delete_content: 'Vil du slette %{name}? |||| Vil du slette disse %{smart_count} postene?',
      bulk_delete_title: 'Slett %{name} |||| Slett %{smart_count} %{name}',
      bulk_update_content: 'Vil du oppdatere %{name} %{recordRepresentation}? |||| Vil du oppdatere disse %{smart_count} postene?',
      bulk_update_title: 'Oppdater %{name} %{recordRepresentation} |||| Oppdater %{smart_count} %{name}',
      clear_array_input: 'Vil du tømme hele listen?', delete_content: 'Vil du slette %{name}?',
      delete_title: 'Slett %{name} %{recordRepresentation}', details: 'Detaljer', error: 'Det oppstod en feil i nettleseren, og forespørselen kunne ikke fullføres.',
      invalid_form: 'Skjemaet inneholder feil. Kontroller feltene.', loading: 'Vent litt', no: 'Nei',
      not_found: 'Adressen er feil, eller lenken du fulgte, er ødelagt.',
      select_all_limit_reached: 'Det er for mange poster til å velge alle. Bare de første %{max} ble valgt.',
      unsaved_changes: 'Noen endringer er ikke lagret. Vil du forkaste dem?', yes: 'Ja',
      placeholder_data_warning: 'Nettverksproblem: dataene kunne ikke oppdateres.',
    },
    navigation: {
      clear_filters: 'Fjern filtre', no_filtered_results: 'Ingen %{name} passer filtrene.', no_results: 'Fant ingen %{name}',
      no_more_results: 'Side %{page} finnes ikke. Prøv forrige side.', page_out_of_boundaries: 'Side %{page} finnes ikke',
      page_out_from_end: 'Det finnes ingen side etter den siste', page_out_from_begin: 'Det finnes ingen side før side 1',
      page_range_info: '%{offsetBegin}–%{offsetEnd} av %{total}', partial_page_range_info: '%{offsetBegin}–%{offsetEnd} av flere enn %{offsetEnd}',
      current_page: 'Side %{page}', page: 'Gå til side %{page}', first: 'Gå til første side', last: 'Gå til siste side',
      next: 'Gå til neste side', previous: 'Gå til forrige side', page_rows_per_page: 'Rader per side:', skip_nav: 'Hopp til innholdet',
    },
    sort: { sort_by: 'Sorter etter %{field_lower_first} %{order}', ASC: 'stigende', DESC: 'synkende' },
    auth: {
      auth_check_error: 'Logg inn for å fortsette', user_menu: 'Profil', username: 'Brukernavn', password: 'Passord', email: 'E-post',
      sign_in: 'Logg inn', sign_in_error: 'Innloggingen mislyktes, prøv igjen', logout: 'Logg ut',
    },
    notification: {
      updated: 'Posten ble oppdatert |||| %{smart_count} poster ble oppdatert', created: 'Posten ble opprettet', deleted: 'Posten ble slettet |||| %{smart_count} poster ble slettet',
      bad_item: 'Feil post', item_doesnt_exist: 'Posten finnes ikke', http_error: 'Feil i kommunikasjonen med serveren',
      data_provider_error: 'Feil i datakilden. Se konsollen for detaljer.', i18n_error: 'Oversettelsene for språket kunne ikke lastes inn',
      canceled: 'Handlingen ble avbrutt', logged_out: 'Økten din er avsluttet. Logg inn igjen.', not_authorized: 'Du har ikke tilgang til denne ressursen.',
      application_update_available: 'En ny versjon er tilgjengelig.', offline: 'Ingen forbindelse. Dataene kunne ikke hentes.',
    },
    validation: {
      required: 'Obligatorisk', minLength: 'Minst %{min} tegn', maxLength: 'Høyst %{max} tegn', minValue: 'Minst %{min}',
      maxValue: 'Høyst %{max}', number: 'Skriv inn et tall', email: 'Skriv inn en gyldig e-postadresse', oneOf: 'Velg én av: %{options}',
      regex: 'Skriv inn en verdi i formatet %{pattern}', unique: 'Verdien må være unik',
    },
    saved_queries: {
      label: 'Lagrede søk', query_name: 'Navn på søket', new_label: 'Lagre gjeldende søk…', new_dialog_title: 'Lagre gjeldende søk som',
      remove_label: 'Fjern lagret søk', remove_label_with_name: 'Fjern søket «%{name}»', remove_dialog_title: 'Fjerne lagret søk?',
      remove_message: 'Vil du fjerne det fra de lagrede søkene dine?', help: 'Filtrer listen og lagre søket til senere',
    },
    guesser: { empty: { title: 'Ingen data å vise', message: 'Kontroller datakilden' } },
    configurable: {
      customize: 'Tilpass', configureMode: 'Tilpass denne siden',
      inspector: { title: 'Inspektør', content: 'Hold pekeren over deler av grensesnittet for å tilpasse dem', reset: 'Tilbakestill innstillinger', hideAll: 'Skjul alle', showAll: 'Vis alle' },
      Datagrid: { title: 'Tabell', unlabeled: 'Kolonne uten navn #%{column}' },
      SimpleForm: { title: 'Skjema', unlabeled: 'Felt uten navn #%{input}' },
      SimpleList: { title: 'Liste', primaryText: 'Primærtekst', secondaryText: 'Sekundærtekst', tertiaryText: 'Tertiærtekst' },
    },
  },
};
export default nb;
