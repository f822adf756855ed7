import type { TranslationMessages } from 'ra-core';

/** react-admin's own messages in Danish (the published ra-language-danish is for react-admin 2 and lacks most of version 5's keys). */
const da: TranslationMessages = {
  ra: {
    action: {
      add_filter: 'Tilføj filter', add: 'Tilføj', back: 'Tilbage', bulk_actions: '1 valgt |||| %{smart_count} valgt', cancel: 'Annuller',
      clear_array_input: 'Ryd listen', clear_input_value: 'Ryd værdien', clone: 'Kopiér', confirm: 'Bekræft', create: 'Opret',
      create_item: 'Opret %{item}', delete: 'Slet', edit: 'Redigér', export: 'Eksportér', list: 'Liste', refresh: 'Opdatér',
      remove_filter: 'Fjern filteret', remove_all_filters: 'Fjern alle filtre', remove: 'Fjern', reset: 'Nulstil', save: 'Gem',
      search: 'Søg', search_columns: 'Søg i kolonner', select_all: 'Vælg alle', select_all_button: 'Vælg alle', select_row: 'Vælg rækken',
      show: 'Vis', sort: 'Sortér', undo: 'Fortryd', unselect: 'Fravælg', expand: 'Udvid', close: 'Luk', open_menu: 'Åbn menuen',
      close_menu: 'Luk menuen', update: 'Opdatér', move_up: 'Flyt op', move_down: 'Flyt ned', open: 'Åbn',
      toggle_theme: 'Skift mellem lyst og mørkt tema', select_columns: 'Kolonner', update_application: 'Genindlæs programmet',
    },
    boolean: { true: 'Ja', false: 'Nej', null: ' ' },
    page: {
      create: 'Opret %{name}', dashboard: 'Oversigt', edit: '%{name} %{recordRepresentation}', error: 'Noget gik galt', list: '%{name}',
      loading: 'Indlæser', not_found: 'Ikke fundet', show: '%{name} %{recordRepresentation}', empty: 'Ingen %{name} endnu.',
      invite: 'Vil du tilføje en?', access_denied: 'Ingen adgang', authentication_error: 'Godkendelsesfejl',
    },
    input: {
      file: { upload_several: 'Slip filer her, eller klik for at vælge.', upload_single: 'Slip en fil her, eller klik for at vælge.' },
      image: { upload_several: 'Slip billeder her, eller klik for at vælge.', upload_single: 'Slip et billede her, eller klik for at vælge.' },
      references: {
        all_missing: 'De refererede data kan ikke findes.',
        many_missing: 'Mindst én af de refererede poster ser ikke ud til at findes længere.',
        single_missing: 'Den refererede post ser ikke ud til at findes længere.',
      },
      password: { toggle_visible: 'Skjul adgangskoden', toggle_hidden: 'Vis adgangskoden' },
    },
    message: {
      about: 'Om', access_denied: 'Du har ikke adgang til denne side', are_you_sure: 'Er du sikker?',
      authentication_error: 'Godkendelsesserveren svarede med en fejl, og dine oplysninger kunne ikke kontrolleres.',
      auth_error: 'Der opstod en fejl under kontrollen af godkendelsestokenet.',
      bulk_delete_content: 'Vil du slette %{name}? |||| Vil du slette disse %{smart_count} poster?',
      bulk_delete_title: 'Slet %{name} |||| Slet %{smart_count} %{name}',
      bulk_update_content: 'Vil du opdatere %{name} %{recordRepresentation}? |||| Vil du opdatere disse %{smart_count} poster?',
      bulk_update_title: 'Opdatér %{name} %{recordRepresentation} |||| Opdatér %{smart_count} %{name}',
      clear_array_input: 'Vil du rydde hele listen?', delete_content: 'Vil du slette %{name}?',
      delete_title: 'Slet %{name} %{recordRepresentation}', details: 'Detaljer', error: 'Der opstod en fejl i browseren, og anmodningen kunne ikke gennemføres.',
      invalid_form: 'Formularen indeholder fejl. Kontrollér felterne.', loading: 'Vent venligst', no: 'Nej',
      not_found: 'Adressen er forkert, eller linket, du fulgte, er ugyldigt.',
      select_all_limit_reached: 'Der er for mange poster til at vælge dem alle. Kun de første %{max} blev valgt.',
      unsaved_changes: 'Nogle ændringer er ikke gemt. Vil du kassere dem?', yes: 'Ja',
      placeholder_data_warning: 'Netværksproblem: dataene kunne ikke opdateres.',
    },
    navigation: {
      clear_filters: 'Ryd filtre', no_filtered_results: 'Ingen %{name} passer til filtrene.', no_results: 'Ingen %{name} fundet',
      no_more_results: 'Side %{page} findes ikke. Prøv den forrige side.', page_out_of_boundaries: 'Side %{page} findes ikke',
      page_out_from_end: 'Der er ingen side efter den sidste', page_out_from_begin: 'Der er ingen side før side 1',
      page_range_info: '%{offsetBegin}–%{offsetEnd} af %{total}', partial_page_range_info: '%{offsetBegin}–%{offsetEnd} af flere end %{offsetEnd}',
      current_page: 'Side %{page}', page: 'Gå til side %{page}', first: 'Gå til første side', last: 'Gå til sidste side',
      next: 'Gå til næste side', previous: 'Gå til forrige side', page_rows_per_page: 'Rækker pr. side:', skip_nav: 'Spring til indholdet',
    },
    sort: { sort_by: 'Sortér efter %{field_lower_first} %{order}', ASC: 'stigende', DESC: 'faldende' },
    auth: {
      auth_check_error: 'Log ind for at fortsætte', user_menu: 'Profil', username: 'Brugernavn', password: 'Adgangskode', email: 'E-mail',
      sign_in: 'Log ind', sign_in_error: 'Login mislykkedes, prøv igen', logout: 'Log ud',
    },
    notification: {
      updated: 'Posten blev opdateret |||| %{smart_count} poster blev opdateret', created: 'Posten blev oprettet', deleted: 'Posten blev slettet |||| %{smart_count} poster blev slettet',
      bad_item: 'Forkert post', item_doesnt_exist: 'Posten findes ikke', http_error: 'Fejl i kommunikationen med serveren',
      data_provider_error: 'Fejl i datakilden. Se konsollen for detaljer.', i18n_error: 'Oversættelserne til sproget kunne ikke indlæses',
      canceled: 'Handlingen blev annulleret', logged_out: 'Din session er afsluttet. Log ind igen.', not_authorized: 'Du har ikke adgang til denne ressource.',
      application_update_available: 'En ny version er tilgængelig.', offline: 'Ingen forbindelse. Dataene kunne ikke hentes.',
    },
    validation: {
      required: 'Påkrævet', minLength: 'Mindst %{min} tegn', maxLength: 'Højst %{max} tegn', minValue: 'Mindst %{min}',
      maxValue: 'Højst %{max}', number: 'Skriv et tal', email: 'Skriv en gyldig e-mailadresse', oneOf: 'Vælg en af: %{options}',
      regex: 'Skriv en værdi i formatet %{pattern}', unique: 'Værdien skal være unik',
    },
    saved_queries: {
      label: 'Gemte søgninger', query_name: 'Søgningens navn', new_label: 'Gem den aktuelle søgning…', new_dialog_title: 'Gem den aktuelle søgning som',
      remove_label: 'Fjern gemt søgning', remove_label_with_name: 'Fjern søgningen »%{name}«', remove_dialog_title: 'Fjern gemt søgning?',
      remove_message: 'Vil du fjerne den fra dine gemte søgninger?', help: 'Filtrér listen, og gem søgningen til senere',
    },
    guesser: { empty: { title: 'Ingen data at vise', message: 'Kontrollér datakilden' } },
    configurable: {
      customize: 'Tilpas', configureMode: 'Tilpas denne side',
      inspector: { title: 'Inspektør', content: 'Hold markøren over dele af brugerfladen for at tilpasse dem', reset: 'Nulstil indstillinger', hideAll: 'Skjul alle', showAll: 'Vis alle' },
      Datagrid: { title: 'Tabel', unlabeled: 'Kolonne uden navn #%{column}' },
      SimpleForm: { title: 'Formular', unlabeled: 'Felt uden navn #%{input}' },
      SimpleList: { title: 'Liste', primaryText: 'Primær tekst', secondaryText: 'Sekundær tekst', tertiaryText: 'Tertiær tekst' },
    },
  },
};
export default da;
