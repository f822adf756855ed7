import BusinessIcon from '@mui/icons-material/Business';
import {
  DataTable,
  List,
  Pagination,
  ReferenceManyCount,
  ReferenceManyField,
  SelectField,
  SelectInput,
  Show,
  TabbedShowLayout,
  TabbedShowLayoutTabs,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { SEVERA_STATUS_CHOICES, TWO_FACTOR_POLICY_CHOICES } from '../common/choices';
import { ActiveChip, DateTimeField, PortalField, ReasonChips, ResultChip, SeveraStatusChip } from '../common/fields';
import { SearchFilter } from '../common/inputs';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { Organization } from '../types';
import { OrganizationAddonsTab } from '../addons/OrganizationAddonsTab';
import { SignInPreflightTab } from '../diagnosis/PreflightTab';
import { OrganizationConnectionsTab } from '../portal-connections/ConnectionsTab';
import { OrganizationPolicyField } from '../two-factor-policy/TwoFactorPolicy';

const filters = [
  <SearchFilter key="q" source="q" placeholder="app.records.searchByName" alwaysOn />,
  <SelectInput key="severaStatus" source="severaStatus" choices={SEVERA_STATUS_CHOICES} />,
];

export const OrganizationList = () => (
  <List<Organization> filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="severaStatus" field={SeveraStatusChip} />
      <DataTable.Col source="severaEndedAt" field={DateTimeField} disableSort />
      <DataTable.Col source="twoFactorPolicy" disableSort>
        <SelectField source="twoFactorPolicy" choices={TWO_FACTOR_POLICY_CHOICES} />
      </DataTable.Col>
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);

const OrganizationTitle = () => {
  const record = useRecordContext<Organization>();
  const translate = useTranslate();
  return <>{record ? record.name : translate('resources.organizations.name', { smart_count: 1 })}</>;
};

const TabCount = ({ reference, filter }: { reference: string; filter?: Record<string, unknown> }) => (
  <ReferenceManyCount reference={reference} target="organizationId" filter={filter} sx={{ ml: 0.5, color: 'text.secondary' }} />
);

export const OrganizationShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<Organization> queryOptions={queryOptions} title={<OrganizationTitle />}>
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" />}>
        <TabbedShowLayout.Tab label="app.records.tab.summary">
          <TextField source="name" />
          <SeveraStatusChip source="severaStatus" />
          <DateTimeField source="severaEndedAt" />
          <OrganizationPolicyField label="app.records.twoStepVerification" />
          <DateTimeField source="createdAt" />
          <TextField source="id" />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.severaUsers" path="severa-users" count={<TabCount reference="severa-users" />}>
          <ReferenceManyField reference="severa-users" target="organizationId" sort={{ field: 'email', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="email" />
              <DataTable.Col source="name" />
              <DataTable.Col source="active" field={ActiveChip} />
              <DataTable.Col source="activeChangedAt" field={DateTimeField} />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.portalAccounts" path="portal-accounts" count={<TabCount reference="portal-accounts" />}>
          <ReferenceManyField reference="portal-accounts" target="organizationId" sort={{ field: 'email', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="portalId" field={PortalField} />
              <DataTable.Col source="email" />
              <DataTable.Col source="name" />
              <DataTable.Col source="createdAt" field={DateTimeField} />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.addons" path="addons">
          <OrganizationAddonsTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.connections" path="connections">
          <OrganizationConnectionsTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.preflight" path="preflight">
          <SignInPreflightTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="app.records.tab.loginAttempts" path="login-attempts">
          <ReferenceManyField reference="login-attempts" target="organizationId" sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="createdAt" field={DateTimeField} />
              <DataTable.Col source="portalId" field={PortalField} />
              <DataTable.Col source="email" />
              <DataTable.Col source="result" field={ResultChip} />
              <DataTable.Col source="reasons" field={ReasonChips} disableSort />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
};

export const organizations = {
  list: OrganizationList,
  show: OrganizationShow,
  icon: BusinessIcon,
  recordRepresentation: 'name',
};
