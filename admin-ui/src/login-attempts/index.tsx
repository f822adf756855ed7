import HistoryIcon from '@mui/icons-material/History';
import { DataTable, DateInput, EmailField, List, SelectInput, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin';
import { CauseCell, CauseField } from '../common/cause';
import { PORTAL_CHOICES, REASON_CHOICES, RESULT_CHOICES } from '../common/choices';
import { DateTimeField, OrganizationField, PortalField, ReasonChips, ResultChip } from '../common/fields';
import { OrganizationInput, SearchFilter } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { LoginAttempt } from '../types';

const filters = [
  <SearchFilter key="q" source="q" placeholder="app.records.emailContains" alwaysOn />,
  <SelectInput key="result" source="result" choices={RESULT_CHOICES} />,
  <SelectInput key="reason" source="reason" choices={REASON_CHOICES} />,
  <SelectInput key="portalId" source="portalId" choices={PORTAL_CHOICES} />,
  <OrganizationInput key="organizationId" source="organizationId" />,
  <DateInput key="createdAt_gte" source="createdAt_gte" />,
];

export const LoginAttemptList = () => (
  <List<LoginAttempt> filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25}>
    {/* Seven columns at 1400 px: half the usual cell padding keeps the cause column in view without scrolling. */}
    <DataTable rowClick="show" bulkActionButtons={false} sx={{ '& .MuiTableCell-root': { px: 1 } }}>
      <DataTable.Col source="createdAt" field={DateTimeField} />
      <DataTable.Col source="portalId" field={PortalField} />
      <DataTable.Col source="organizationId" field={OrganizationField} disableSort />
      <DataTable.Col source="email" />
      <DataTable.Col source="result" field={ResultChip} />
      <DataTable.Col source="reasons" field={ReasonChips} disableSort />
      <DataTable.Col source="detailCode" field={CauseCell} disableSort />
    </DataTable>
  </List>
);

export const LoginAttemptShow = () => {
  const queryOptions = useShowErrorHandler();
  const translate = useTranslate();
  return (
    <Show<LoginAttempt> queryOptions={queryOptions} title={translate('resources.login-attempts.name', { smart_count: 1 })}>
      <SimpleShowLayout>
        <DateTimeField source="createdAt" />
        <PortalField source="portalId" />
        <OrganizationField source="organizationId" />
        <EmailField source="email" label="app.records.emailAsSent" />
        <ResultChip source="result" />
        <ReasonChips source="reasons" />
        <CauseField source="detailCode" />
        <TextField source="id" />
      </SimpleShowLayout>
    </Show>
  );
};

export const loginAttempts = {
  list: LoginAttemptList,
  show: LoginAttemptShow,
  icon: HistoryIcon,
};
