import type { TranslationMessages } from 'ra-core';

/** react-admin's own messages in Finnish (ra-language-finnish exists only for react-admin 4; these cover version 5's keys). */
const fi: TranslationMessages = {
  ra: {
    action: {
      add_filter: 'Lisää suodatin', add: 'Lisää', back: 'Takaisin', bulk_actions: '1 valittu |||| %{smart_count} valittu', cancel: 'Peruuta',
      clear_array_input: 'Tyhjennä luettelo', clear_input_value: 'Tyhjennä arvo', clone: 'Kopioi', confirm: 'Vahvista', create: 'Luo',
      create_item: 'Luo %{item}', delete: 'Poista', edit: 'Muokkaa', export: 'Vie', list: 'Luettelo', refresh: 'Päivitä',
      remove_filter: 'Poista tämä suodatin', remove_all_filters: 'Poista kaikki suodattimet', remove: 'Poista', reset: 'Palauta', save: 'Tallenna',
      search: 'Hae', search_columns: 'Hae sarakkeita', select_all: 'Valitse kaikki', select_all_button: 'Valitse kaikki', select_row: 'Valitse tämä rivi',
      show: 'Näytä', sort: 'Järjestä', undo: 'Kumoa', unselect: 'Poista valinta', expand: 'Laajenna', close: 'Sulje', open_menu: 'Avaa valikko',
      close_menu: 'Sulje valikko', update: 'Päivitä', move_up: 'Siirrä ylös', move_down: 'Siirrä alas', open: 'Avaa',
      toggle_theme: 'Vaihda vaalea/tumma tila', select_columns: 'Sarakkeet', update_application: 'Lataa sovellus uudelleen',
    },
    boolean: { true: 'Kyllä', false: 'Ei', null: ' ' },
    page: {
      create: 'Luo %{name}', dashboard: 'Yleisnäkymä', edit: '%{name} %{recordRepresentation}', error: 'Jokin meni vikaan', list: '%{name}',
      loading: 'Ladataan', not_found: 'Ei löytynyt', show: '%{name} %{recordRepresentation}', empty: 'Ei vielä kohteita: %{name}.',
      invite: 'Haluatko lisätä yhden?', access_denied: 'Pääsy estetty', authentication_error: 'Tunnistautumisvirhe',
    },
    input: {
      file: { upload_several: 'Pudota tiedostot tähän tai napsauta valitaksesi.', upload_single: 'Pudota tiedosto tähän tai napsauta valitaksesi.' },
      image: { upload_several: 'Pudota kuvat tähän tai napsauta valitaksesi.', upload_single: 'Pudota kuva tähän tai napsauta valitaksesi.' },
      references: {
        all_missing: 'Viitattuja tietoja ei löydy.',
        many_missing: 'Ainakin yksi viitatuista tiedoista ei ole enää saatavilla.',
        single_missing: 'Viitattu tieto ei ole enää saatavilla.',
      },
      password: { toggle_visible: 'Piilota salasana', toggle_hidden: 'Näytä salasana' },
    },
    message: {
      about: 'Tietoja', access_denied: 'Sinulla ei ole oikeutta tähän sivuun', are_you_sure: 'Oletko varma?',
      authentication_error: 'Tunnistautumispalvelin palautti virheen, eikä tunnuksiasi voitu tarkistaa.',
      auth_error: 'Tunnistautumistunnisteen tarkistuksessa tapahtui virhe.',
      bulk_delete_content: 'Haluatko varmasti poistaa kohteen %{name}? |||| Haluatko varmasti poistaa nämä %{smart_count} kohdetta?',
      bulk_delete_title: 'Poista %{name} |||| Poista %{smart_count} kohdetta: %{name}',
      bulk_update_content: 'Haluatko varmasti päivittää kohteen %{name} %{recordRepresentation}? |||| Haluatko varmasti päivittää nämä %{smart_count} kohdetta?',
      bulk_update_title: 'Päivitä %{name} %{recordRepresentation} |||| Päivitä %{smart_count} kohdetta: %{name}',
      clear_array_input: 'Haluatko varmasti tyhjentää koko luettelon?', delete_content: 'Haluatko varmasti poistaa kohteen %{name}?',
      delete_title: 'Poista %{name} %{recordRepresentation}', details: 'Tiedot', error: 'Selaimessa tapahtui virhe, eikä pyyntöä voitu suorittaa.',
      invalid_form: 'Lomakkeessa on virheitä. Tarkista kentät.', loading: 'Odota hetki', no: 'Ei',
      not_found: 'Kirjoitit väärän osoitteen tai seurasit virheellistä linkkiä.',
      select_all_limit_reached: 'Kohteita on liikaa kaikkien valitsemiseen. Vain ensimmäiset %{max} valittiin.',
      unsaved_changes: 'Osa muutoksista on tallentamatta. Haluatko varmasti hylätä ne?', yes: 'Kyllä',
      placeholder_data_warning: 'Verkko-ongelma: tietojen päivitys epäonnistui.',
    },
    navigation: {
      clear_filters: 'Tyhjennä suodattimet', no_filtered_results: 'Suodattimilla ei löytynyt kohteita: %{name}.', no_results: 'Ei tuloksia: %{name}',
      no_more_results: 'Sivua %{page} ei ole. Kokeile edellistä sivua.', page_out_of_boundaries: 'Sivua %{page} ei ole',
      page_out_from_end: 'Viimeisen sivun jälkeen ei ole sivuja', page_out_from_begin: 'Ennen sivua 1 ei ole sivuja',
      page_range_info: '%{offsetBegin}–%{offsetEnd} / %{total}', partial_page_range_info: '%{offsetBegin}–%{offsetEnd} / yli %{offsetEnd}',
      current_page: 'Sivu %{page}', page: 'Siirry sivulle %{page}', first: 'Ensimmäiselle sivulle', last: 'Viimeiselle sivulle',
      next: 'Seuraavalle sivulle', previous: 'Edelliselle sivulle', page_rows_per_page: 'Rivejä sivulla:', skip_nav: 'Siirry sisältöön',
    },
    sort: { sort_by: 'Järjestä: %{field_lower_first} %{order}', ASC: 'nouseva', DESC: 'laskeva' },
    auth: {
      auth_check_error: 'Kirjaudu sisään jatkaaksesi', user_menu: 'Profiili', username: 'Käyttäjätunnus', password: 'Salasana', email: 'Sähköposti',
      sign_in: 'Kirjaudu sisään', sign_in_error: 'Tunnistautuminen epäonnistui, yritä uudelleen', logout: 'Kirjaudu ulos',
    },
    notification: {
      updated: 'Kohde päivitetty |||| %{smart_count} kohdetta päivitetty', created: 'Kohde luotu', deleted: 'Kohde poistettu |||| %{smart_count} kohdetta poistettu',
      bad_item: 'Virheellinen kohde', item_doesnt_exist: 'Kohdetta ei ole', http_error: 'Yhteysvirhe palvelimeen',
      data_provider_error: 'Tietolähteen virhe. Katso tiedot konsolista.', i18n_error: 'Kielen käännöksiä ei voitu ladata',
      canceled: 'Toiminto peruttu', logged_out: 'Istuntosi päättyi. Kirjaudu uudelleen.', not_authorized: 'Sinulla ei ole oikeutta tähän tietoon.',
      application_update_available: 'Uusi versio on saatavilla.', offline: 'Ei verkkoyhteyttä. Tietoja ei voitu hakea.',
    },
    validation: {
      required: 'Pakollinen', minLength: 'Vähintään %{min} merkkiä', maxLength: 'Enintään %{max} merkkiä', minValue: 'Vähintään %{min}',
      maxValue: 'Enintään %{max}', number: 'Anna numero', email: 'Anna kelvollinen sähköpostiosoite', oneOf: 'Valitse jokin: %{options}',
      regex: 'Anna arvo muodossa %{pattern}', unique: 'Arvon on oltava yksilöllinen',
    },
    saved_queries: {
      label: 'Tallennetut haut', query_name: 'Haun nimi', new_label: 'Tallenna nykyinen haku…', new_dialog_title: 'Tallenna nykyinen haku nimellä',
      remove_label: 'Poista tallennettu haku', remove_label_with_name: 'Poista haku ”%{name}”', remove_dialog_title: 'Poistetaanko tallennettu haku?',
      remove_message: 'Haluatko varmasti poistaa tämän tallennetuista hauista?', help: 'Suodata luettelo ja tallenna haku myöhempää käyttöä varten',
    },
    guesser: { empty: { title: 'Ei näytettäviä tietoja', message: 'Tarkista tietolähde' } },
    configurable: {
      customize: 'Mukauta', configureMode: 'Mukauta tätä sivua',
      inspector: { title: 'Tarkastelu', content: 'Vie osoitin käyttöliittymän osien päälle mukauttaaksesi niitä', reset: 'Palauta asetukset', hideAll: 'Piilota kaikki', showAll: 'Näytä kaikki' },
      Datagrid: { title: 'Taulukko', unlabeled: 'Nimetön sarake #%{column}' },
      SimpleForm: { title: 'Lomake', unlabeled: 'Nimetön kenttä #%{input}' },
      SimpleList: { title: 'Luettelo', primaryText: 'Ensisijainen teksti', secondaryText: 'Toissijainen teksti', tertiaryText: 'Kolmas teksti' },
    },
  },
};
export default fi;
