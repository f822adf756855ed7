import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { DataTable, EmailField, List, SearchInput, SelectInput, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { PORTAL_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { PortalAccount } from '../types';

const filters = [
  <SearchInput key="q" source="q" placeholder="E-mail contains" alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <SelectInput key="portalId" source="portalId" label="Portal" choices={PORTAL_CHOICES} />,
];

export const PortalAccountList = () => (
  <List<PortalAccount> filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="name" />
      <DataTable.Col source="portalId" label="Portal" field={PortalField} />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
    </DataTable>
  </List>
);

const PortalAccountTitle = () => {
  const record = useRecordContext<PortalAccount>();
  return <>{record ? `Portal account ${record.email}` : 'Portal account'}</>;
};

export const PortalAccountShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<PortalAccount> queryOptions={queryOptions} title={<PortalAccountTitle />}>
      <SimpleShowLayout>
        <PortalField source="portalId" label="Portal" />
        <EmailField source="email" />
        <TextField source="name" />
        <OrganizationField source="organizationId" label="Organization" />
        <DateTimeField source="createdAt" label="Created" />
        <TextField source="id" label="ID" />
      </SimpleShowLayout>
    </Show>
  );
};

export const portalAccounts = {
  list: PortalAccountList,
  show: PortalAccountShow,
  icon: AccountCircleIcon,
  recordRepresentation: 'email',
};
