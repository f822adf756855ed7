import BadgeIcon from '@mui/icons-material/Badge';
import { DataTable, EmailField, List, NullableBooleanInput, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { ActiveChip, DateTimeField, OrganizationField } from '../common/fields';
import { OrganizationInput, SearchFilter } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { SeveraUser } from '../types';
import { SeveraUserStatusButton } from './StatusButton';

const filters = [
  <SearchFilter key="q" source="q" placeholder="app.records.emailContains" alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <NullableBooleanInput key="active" source="active" label="app.records.status" nullLabel="app.records.any" trueLabel="app.common.active" falseLabel="app.common.inactive" />,
];

export const SeveraUserList = () => (
  <List<SeveraUser> filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="name" />
      <DataTable.Col source="organizationId" field={OrganizationField} disableSort />
      <DataTable.Col source="active" field={ActiveChip} />
      <DataTable.Col source="activeChangedAt" field={DateTimeField} />
      <DataTable.Col source="createdAt" field={DateTimeField} />
      <DataTable.Col label="" field={SeveraUserStatusButton} disableSort />
    </DataTable>
  </List>
);

const SeveraUserTitle = () => {
  const record = useRecordContext<SeveraUser>();
  const translate = useTranslate();
  return <>{record ? translate('app.records.severaUserTitle', { email: record.email }) : translate('resources.severa-users.name', { smart_count: 1 })}</>;
};

export const SeveraUserShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<SeveraUser> queryOptions={queryOptions} title={<SeveraUserTitle />}>
      <SimpleShowLayout>
        <EmailField source="email" />
        <TextField source="name" />
        <OrganizationField source="organizationId" />
        <ActiveChip source="active" />
        <SeveraUserStatusButton label="app.records.changeStatus" />
        <DateTimeField source="activeChangedAt" />
        <TextField source="activeChangedBy" emptyText="—" />
        <TextField source="activeChangeReason" emptyText="—" />
        <TextField source="identityId" emptyText="app.records.notLinked" />
        <DateTimeField source="createdAt" />
        <TextField source="id" />
      </SimpleShowLayout>
    </Show>
  );
};

export const severaUsers = {
  list: SeveraUserList,
  show: SeveraUserShow,
  icon: BadgeIcon,
  recordRepresentation: 'email',
};
