import HistoryIcon from '@mui/icons-material/History';
import { DataTable, DateInput, EmailField, List, SearchInput, SelectInput, Show, SimpleShowLayout, TextField } from 'react-admin';
import { PORTAL_CHOICES, REASON_CHOICES, RESULT_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField, ReasonChips, ResultChip } from '../common/fields';
import { OrganizationInput } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { LoginAttempt } from '../types';

const filters = [
  <SearchInput key="q" source="q" placeholder="E-mail contains" alwaysOn />,
  <SelectInput key="result" source="result" choices={RESULT_CHOICES} />,
  <SelectInput key="reason" source="reason" label="Failure reason" choices={REASON_CHOICES} />,
  <SelectInput key="portalId" source="portalId" label="Portal" choices={PORTAL_CHOICES} />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <DateInput key="createdAt_gte" source="createdAt_gte" label="Since" />,
];

export const LoginAttemptList = () => (
  <List<LoginAttempt> filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="createdAt" label="When" field={DateTimeField} />
      <DataTable.Col source="portalId" label="Portal" field={PortalField} />
      <DataTable.Col source="organizationId" label="Organization" field={OrganizationField} disableSort />
      <DataTable.Col source="email" />
      <DataTable.Col source="result" field={ResultChip} />
      <DataTable.Col source="reasons" field={ReasonChips} disableSort />
    </DataTable>
  </List>
);

export const LoginAttemptShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<LoginAttempt> queryOptions={queryOptions} title="Login attempt">
      <SimpleShowLayout>
        <DateTimeField source="createdAt" label="When" />
        <PortalField source="portalId" label="Portal" />
        <OrganizationField source="organizationId" label="Organization" />
        <EmailField source="email" label="E-mail (as the portal sent it)" />
        <ResultChip source="result" label="Result" />
        <ReasonChips source="reasons" label="Failure reasons" />
        <TextField source="detail" emptyText="—" />
        <TextField source="id" label="ID" />
      </SimpleShowLayout>
    </Show>
  );
};

export const loginAttempts = {
  list: LoginAttemptList,
  show: LoginAttemptShow,
  icon: HistoryIcon,
};
