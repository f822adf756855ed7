import BadgeIcon from '@mui/icons-material/Badge';
import { DataTable, EmailField, List, NullableBooleanInput, SearchInput, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { ActiveChip, DateTimeField, OrganizationField } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { SeveraUser } from '../types';
import { SeveraUserStatusButton } from './StatusButton';

const filters = [
  <SearchInput key="q" source="q" placeholder="E-mail contains" alwaysOn />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <NullableBooleanInput key="active" source="active" label="Status" nullLabel="Any" trueLabel="Active" falseLabel="Inactive" />,
];

export const SeveraUserList = () => (
  <List<SeveraUser> filters={filters} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="name" />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="active" field={ActiveChip} />
      <DataTable.Col source="activeChangedAt" label="Active changed" field={DateTimeField} />
      <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
      <DataTable.Col label="" field={SeveraUserStatusButton} disableSort />
    </DataTable>
  </List>
);

const SeveraUserTitle = () => {
  const record = useRecordContext<SeveraUser>();
  return <>{record ? `Severa user ${record.email}` : 'Severa user'}</>;
};

export const SeveraUserShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<SeveraUser> queryOptions={queryOptions} title={<SeveraUserTitle />}>
      <SimpleShowLayout>
        <EmailField source="email" />
        <TextField source="name" />
        <OrganizationField source="organizationId" label="Organization" />
        <ActiveChip source="active" label="Active" />
        <SeveraUserStatusButton label="Change status" />
        <DateTimeField source="activeChangedAt" label="Active changed at" />
        <TextField source="activeChangedBy" label="Active changed by" emptyText="—" />
        <TextField source="activeChangeReason" label="Reason for the change" emptyText="—" />
        <TextField source="identityId" label="Visma Connect identity" emptyText="Not linked" />
        <DateTimeField source="createdAt" label="Created" />
        <TextField source="id" label="ID" />
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
