import { AutocompleteInput, ReferenceInput, SearchInput, useTranslate, type SearchInputProps } from 'react-admin';

/** Pick an organization by name (searches with the `q` filter). */
export const OrganizationInput = ({ source = 'organizationId', alwaysOn }: { source?: string; alwaysOn?: boolean }) => (
  <ReferenceInput source={source} reference="organizations" sort={{ field: 'name', order: 'ASC' }} alwaysOn={alwaysOn}>
    <AutocompleteInput label="app.common.organization" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: { xs: 0, sm: 260 }, maxWidth: '100%' }} />
  </ReferenceInput>
);

/** A list's search box with its placeholder from the catalogs (`placeholder` is a key; react-admin's own placeholder otherwise). */
export const SearchFilter = ({ source = 'q', placeholder, ...rest }: Omit<SearchInputProps, 'source'> & { source?: string; placeholder?: string }) => {
  const translate = useTranslate();
  return <SearchInput {...rest} source={source} placeholder={placeholder ? translate(placeholder) : undefined} />;
};
