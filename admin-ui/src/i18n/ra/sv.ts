import type { TranslationMessages } from 'ra-core';

/** react-admin's own messages in Swedish (the published ra-language-swedish is for react-admin 1 and lacks most of version 5's keys). */
const sv: TranslationMessages = {
  ra: {
    action: {
      add_filter: 'Lägg till filter', add: 'Lägg till', back: 'Tillbaka', bulk_actions: '1 vald |||| %{smart_count} valda', cancel: 'Avbryt',
      clear_array_input: 'Töm listan', clear_input_value: 'Rensa värdet', clone: 'Kopiera', confirm: 'Bekräfta', create: 'Skapa',
      create_item: 'Skapa %{item}', delete: 'Ta bort', edit: 'Redigera', export: 'Exportera', list: 'Lista', refresh: 'Uppdatera',
      remove_filter: 'Ta bort filtret', remove_all_filters: 'Ta bort alla filter', remove: 'Ta bort', reset: 'Återställ', save: 'Spara',
      search: 'Sök', search_columns: 'Sök kolumner', select_all: 'Markera alla', select_all_button: 'Markera alla', select_row: 'Markera raden',
      show: 'Visa', sort: 'Sortera', undo: 'Ångra', unselect: 'Avmarkera', expand: 'Expandera', close: 'Stäng', open_menu: 'Öppna menyn',
      close_menu: 'Stäng menyn', update: 'Uppdatera', move_up: 'Flytta upp', move_down: 'Flytta ned', open: 'Öppna',
      toggle_theme: 'Växla ljust/mörkt läge', select_columns: 'Kolumner', update_application: 'Ladda om programmet',
    },
    boolean: { true: 'Ja', false: 'Nej', null: ' ' },
    page: {
      create: 'Skapa %{name}', dashboard: 'Översikt', edit: '%{name} %{recordRepresentation}', error: 'Något gick fel', list: '%{name}',
      loading: 'Laddar', not_found: 'Hittades inte', show: '%{name} %{recordRepresentation}', empty: 'Inga %{name} ännu.',
      invite: 'Vill du lägga till en?', access_denied: 'Åtkomst nekad', authentication_error: 'Autentiseringsfel',
    },
    input: {
      file: { upload_several: 'Släpp filer här eller klicka för att välja.', upload_single: 'Släpp en fil här eller klicka för att välja.' },
      image: { upload_several: 'Släpp bilder här eller klicka för att välja.', upload_single: 'Släpp en bild här eller klicka för att välja.' },
      references: {
        all_missing: 'Det går inte att hitta refererade data.',
        many_missing: 'Minst en av de refererade posterna verkar inte längre finnas.',
        single_missing: 'Den refererade posten verkar inte längre finnas.',
      },
      password: { toggle_visible: 'Dölj lösenordet', toggle_hidden: 'Visa lösenordet' },
    },
    message: {
      about: 'Om', access_denied: 'Du har inte behörighet till den här sidan', are_you_sure: 'Är du säker?',
      authentication_error: 'Autentiseringsservern svarade med ett fel och dina uppgifter kunde inte kontrolleras.',
      auth_error: 'Ett fel uppstod när autentiseringstoken kontrollerades.',
      bulk_delete_content: 'Vill du ta bort %{name}? |||| Vill du ta bort dessa %{smart_count} poster?',
      bulk_delete_title: 'Ta bort %{name} |||| Ta bort %{smart_count} %{name}',
      bulk_update_content: 'Vill du uppdatera %{name} %{recordRepresentation}? |||| Vill du uppdatera dessa %{smart_count} poster?',
      bulk_update_title: 'Uppdatera %{name} %{recordRepresentation} |||| Uppdatera %{smart_count} %{name}',
      clear_array_input: 'Vill du tömma hela listan?', delete_content: 'Vill du ta bort %{name}?',
      delete_title: 'Ta bort %{name} %{recordRepresentation}', details: 'Detaljer', error: 'Ett fel uppstod i webbläsaren och begäran kunde inte slutföras.',
      invalid_form: 'Formuläret innehåller fel. Kontrollera fälten.', loading: 'Vänta', no: 'Nej',
      not_found: 'Adressen är fel eller länken du följde är trasig.',
      select_all_limit_reached: 'Det finns för många poster för att markera alla. Bara de första %{max} markerades.',
      unsaved_changes: 'Vissa ändringar har inte sparats. Vill du verkligen lämna dem?', yes: 'Ja',
      placeholder_data_warning: 'Nätverksproblem: data kunde inte uppdateras.',
    },
    navigation: {
      clear_filters: 'Rensa filter', no_filtered_results: 'Inga %{name} matchar filtren.', no_results: 'Inga %{name} hittades',
      no_more_results: 'Sidan %{page} finns inte. Försök med föregående sida.', page_out_of_boundaries: 'Sidan %{page} finns inte',
      page_out_from_end: 'Det finns ingen sida efter den sista', page_out_from_begin: 'Det finns ingen sida före sida 1',
      page_range_info: '%{offsetBegin}–%{offsetEnd} av %{total}', partial_page_range_info: '%{offsetBegin}–%{offsetEnd} av fler än %{offsetEnd}',
      current_page: 'Sida %{page}', page: 'Gå till sida %{page}', first: 'Gå till första sidan', last: 'Gå till sista sidan',
      next: 'Gå till nästa sida', previous: 'Gå till föregående sida', page_rows_per_page: 'Rader per sida:', skip_nav: 'Hoppa till innehållet',
    },
    sort: { sort_by: 'Sortera efter %{field_lower_first} %{order}', ASC: 'stigande', DESC: 'fallande' },
    auth: {
      auth_check_error: 'Logga in för att fortsätta', user_menu: 'Profil', username: 'Användarnamn', password: 'Lösenord', email: 'E-post',
      sign_in: 'Logga in', sign_in_error: 'Inloggningen misslyckades, försök igen', logout: 'Logga ut',
    },
    notification: {
      updated: 'Posten uppdaterades |||| %{smart_count} poster uppdaterades', created: 'Posten skapades', deleted: 'Posten togs bort |||| %{smart_count} poster togs bort',
      bad_item: 'Felaktig post', item_doesnt_exist: 'Posten finns inte', http_error: 'Fel i kommunikationen med servern',
      data_provider_error: 'Fel i datakällan. Se konsolen för detaljer.', i18n_error: 'Översättningarna för språket kunde inte laddas',
      canceled: 'Åtgärden avbröts', logged_out: 'Din session har avslutats. Logga in igen.', not_authorized: 'Du har inte behörighet till den här resursen.',
      application_update_available: 'En ny version finns.', offline: 'Ingen anslutning. Data kunde inte hämtas.',
    },
    validation: {
      required: 'Obligatoriskt', minLength: 'Minst %{min} tecken', maxLength: 'Högst %{max} tecken', minValue: 'Minst %{min}',
      maxValue: 'Högst %{max}', number: 'Ange ett tal', email: 'Ange en giltig e-postadress', oneOf: 'Välj en av: %{options}',
      regex: 'Ange ett värde i formatet %{pattern}', unique: 'Värdet måste vara unikt',
    },
    saved_queries: {
      label: 'Sparade sökningar', query_name: 'Sökningens namn', new_label: 'Spara aktuell sökning…', new_dialog_title: 'Spara aktuell sökning som',
      remove_label: 'Ta bort sparad sökning', remove_label_with_name: 'Ta bort sökningen ”%{name}”', remove_dialog_title: 'Ta bort sparad sökning?',
      remove_message: 'Vill du ta bort den från dina sparade sökningar?', help: 'Filtrera listan och spara sökningen till senare',
    },
    guesser: { empty: { title: 'Inga data att visa', message: 'Kontrollera datakällan' } },
    configurable: {
      customize: 'Anpassa', configureMode: 'Anpassa den här sidan',
      inspector: { title: 'Inspektör', content: 'Håll pekaren över delar av gränssnittet för att anpassa dem', reset: 'Återställ inställningar', hideAll: 'Dölj alla', showAll: 'Visa alla' },
      Datagrid: { title: 'Tabell', unlabeled: 'Namnlös kolumn #%{column}' },
      SimpleForm: { title: 'Formulär', unlabeled: 'Namnlöst fält #%{input}' },
      SimpleList: { title: 'Lista', primaryText: 'Primär text', secondaryText: 'Sekundär text', tertiaryText: 'Tertiär text' },
    },
  },
};
export default sv;
