import BusinessIcon from '@mui/icons-material/Business';
import {
  DataTable,
  List,
  Pagination,
  ReferenceManyCount,
  ReferenceManyField,
  SearchInput,
  SelectField,
  SelectInput,
  Show,
  TabbedShowLayout,
  TabbedShowLayoutTabs,
  TextField,
  useRecordContext,
} from 'react-admin';
import { SEVERA_STATUS_CHOICES, TWO_FACTOR_POLICY_CHOICES } from '../common/choices';
import { ActiveChip, DateTimeField, PortalField, ReasonChips, ResultChip, SeveraStatusChip } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { Organization } from '../types';
import { OrganizationAddonsTab } from '../addons/OrganizationAddonsTab';
import { SignInPreflightTab } from '../diagnosis/PreflightTab';
import { OrganizationConnectionsTab } from '../portal-connections/ConnectionsTab';
import { OrganizationPolicyField } from '../two-factor-policy/TwoFactorPolicy';

const filters = [
  <SearchInput key="q" source="q" placeholder="Search by name" alwaysOn />,
  <SelectInput key="severaStatus" source="severaStatus" label="Severa" choices={SEVERA_STATUS_CHOICES} />,
];

export const OrganizationList = () => (
  <List<Organization> filters={filters} sort={{ field: 'name', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="name" />
      <DataTable.Col source="severaStatus" label="Severa" field={SeveraStatusChip} />
      <DataTable.Col source="severaEndedAt" label="Left Severa on" field={DateTimeField} disableSort />
      <DataTable.Col source="twoFactorPolicy" label="2FA policy" disableSort>
        <SelectField source="twoFactorPolicy" choices={TWO_FACTOR_POLICY_CHOICES} />
      </DataTable.Col>
      <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
    </DataTable>
  </List>
);

const OrganizationTitle = () => {
  const record = useRecordContext<Organization>();
  return <>{record ? record.name : 'Organization'}</>;
};

const TabCount = ({ reference, filter }: { reference: string; filter?: Record<string, unknown> }) => (
  <ReferenceManyCount reference={reference} target="organizationId" filter={filter} sx={{ ml: 0.5, color: 'text.secondary' }} />
);

export const OrganizationShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<Organization> queryOptions={queryOptions} title={<OrganizationTitle />}>
      <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" />}>
        <TabbedShowLayout.Tab label="Summary">
          <TextField source="name" />
          <SeveraStatusChip source="severaStatus" label="Severa" />
          <DateTimeField source="severaEndedAt" label="Left Severa on" />
          <OrganizationPolicyField label="Two-step verification" />
          <DateTimeField source="createdAt" label="Created" />
          <TextField source="id" label="ID" />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Severa users" path="severa-users" count={<TabCount reference="severa-users" />}>
          <ReferenceManyField reference="severa-users" target="organizationId" sort={{ field: 'email', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="email" />
              <DataTable.Col source="name" />
              <DataTable.Col source="active" field={ActiveChip} />
              <DataTable.Col source="activeChangedAt" label="Active changed" field={DateTimeField} />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Portal accounts" path="portal-accounts" count={<TabCount reference="portal-accounts" />}>
          <ReferenceManyField reference="portal-accounts" target="organizationId" sort={{ field: 'email', order: 'ASC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="portalId" label="Portal" field={PortalField} />
              <DataTable.Col source="email" />
              <DataTable.Col source="name" />
              <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
            </DataTable>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Add-ons" path="addons">
          <OrganizationAddonsTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Connections" path="connections">
          <OrganizationConnectionsTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Sign-in preflight" path="preflight">
          <SignInPreflightTab />
        </TabbedShowLayout.Tab>

        <TabbedShowLayout.Tab label="Recent login attempts" path="login-attempts">
          <ReferenceManyField reference="login-attempts" target="organizationId" sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} pagination={<Pagination />}>
            <DataTable rowClick="show" bulkActionButtons={false}>
              <DataTable.Col source="createdAt" label="When" field={DateTimeField} />
              <DataTable.Col source="portalId" label="Portal" field={PortalField} />
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
