import FingerprintIcon from '@mui/icons-material/Fingerprint';
import BadgeIcon from '@mui/icons-material/Badge';
import { Link } from 'react-router-dom';
import { BooleanField, Button, DataTable, EmailField, List, NumberField, SearchInput, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField, IdentityStatusChip, RoleChips } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { Identity } from '../types';
import { SecondFactorsPanel } from '../second-factors/SecondFactorsPanel';
import { EffectivePolicyField } from '../two-factor-policy/TwoFactorPolicy';
import { can } from '../permissions';
import { InviteButton } from './InviteButton';
import type { Permissions } from '../providers/authProvider';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

const ListActions = () => (
  <TopToolbar>
    <InviteButton />
  </TopToolbar>
);

export const IdentityList = () => (
  <List<Identity> filters={filters} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="displayName" />
      <DataTable.Col source="status" field={IdentityStatusChip} disableSort />
      <DataTable.Col source="totpEnrolled" disableSort>
        <BooleanField source="totpEnrolled" />
      </DataTable.Col>
      <DataTable.Col source="passkeyCount" disableSort align="right" />
      <DataTable.Col source="privileged" disableSort>
        <BooleanField source="privileged" />
      </DataTable.Col>
      <DataTable.Col source="roles" field={RoleChips} disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);

const IdentityTitle = () => {
  const record = useRecordContext<Identity>();
  const translate = useTranslate();
  return <>{record ? translate('app.people.identityTitle', { email: record.email }) : translate('resources.identities.name', { smart_count: 1 })}</>;
};

/** Supervisors grant or revoke console roles from here too (the person need not be staff yet). */
const IdentityShowActions = () => {
  const record = useRecordContext<Identity>();
  const { permissions } = usePermissions<Permissions>();
  if (!record || !can(permissions?.roles, 'staff.manage')) return <TopToolbar />;
  return (
    <TopToolbar>
      <Button label="app.people.consoleRoles" component={Link} to={`/staff/${encodeURIComponent(record.id)}`} data-testid="identity-console-roles">
        <BadgeIcon />
      </Button>
    </TopToolbar>
  );
};

export const IdentityShow = () => {
  const queryOptions = useShowErrorHandler();
  return (
    <Show<Identity> queryOptions={queryOptions} title={<IdentityTitle />} actions={<IdentityShowActions />}>
      <SimpleShowLayout>
        <EmailField source="email" />
        <TextField source="displayName" />
        <IdentityStatusChip source="status" />
        <EffectivePolicyField label="app.people.effectivePolicy" />
        <BooleanField source="totpEnrolled" label="app.people.totpEnrolled" />
        <BooleanField source="emergencyCodeSet" />
        <TextField source="smsNumber" emptyText="—" />
        <BooleanField source="smsVerified" />
        <NumberField source="passkeyCount" />
        <BooleanField source="privileged" label="app.people.privileged" />
        <RoleChips source="roles" />
        <DateTimeField source="createdAt" />
        <TextField source="id" />
        <SecondFactorsPanel label="app.people.secondFactors" />
      </SimpleShowLayout>
    </Show>
  );
};

export const identities = {
  list: IdentityList,
  show: IdentityShow,
  icon: FingerprintIcon,
  recordRepresentation: 'email',
};
