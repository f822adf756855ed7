import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { DataTable, EmailField, List, SelectInput, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { PORTAL_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField } from '../common/fields';
import { OrganizationInput, SearchFilter } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { PortalAccount } from '../types';

const filters = [
  <SearchFilter key="q" source="q" placeholder="app.records.emailContains" alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <SelectInput key="portalId" source="portalId" choices={PORTAL_CHOICES} />,
];

export const PortalAccountList = () => (
  <List<PortalAccount> filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="name" />
      <DataTable.Col source="portalId" field={PortalField} />
      <DataTable.Col source="organizationId" field={OrganizationField} disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);

const PortalAccountTitle = () => {
  const record = useRecordContext<PortalAccount>();
  const translate = useTranslate();
  return <>{record ? translate('app.records.portalAccountTitle', { email: record.email }) : translate('resources.portal-accounts.name', { smart_count: 1 })}</>;
};

export const PortalAccountShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<PortalAccount> queryOptions={queryOptions} title={<PortalAccountTitle />}>
      <SimpleShowLayout>
        <PortalField source="portalId" />
        <EmailField source="email" />
        <TextField source="name" />
        <OrganizationField source="organizationId" />
        <DateTimeField source="createdAt" />
        <TextField source="id" />
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
