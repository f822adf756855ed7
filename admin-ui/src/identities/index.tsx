import FingerprintIcon from '@mui/icons-material/Fingerprint';
import BadgeIcon from '@mui/icons-material/Badge';
import { Link } from 'react-router-dom';
import { BooleanField, Button, DataTable, EmailField, List, NumberField, SearchInput, Show, SimpleShowLayout, TextField, TopToolbar, usePermissions, useRecordContext } from 'react-admin';
import { DateTimeField, IdentityStatusChip, RoleChips } from '../common/fields';
import { useShowErrorHandler } from '../common/useShowErrorHandler';
import type { Identity } from '../types';
import { SecondFactorsPanel } from '../second-factors/SecondFactorsPanel';
import { EffectivePolicyField } from '../two-factor-policy/TwoFactorPolicy';
import { can } from '../permissions';
import { InviteButton } from './InviteButton';
import type { Permissions } from '../providers/authProvider';

const filters = [<SearchInput key="q" source="q" placeholder="Search" alwaysOn />];

const ListActions = () => (
  <TopToolbar>
    <InviteButton />
  </TopToolbar>
);

export const IdentityList = () => (
  <List<Identity> filters={filters} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="displayName" label="Name" />
      <DataTable.Col source="status" field={IdentityStatusChip} disableSort />
      <DataTable.Col source="totpEnrolled" label="Authenticator" disableSort>
        <BooleanField source="totpEnrolled" />
      </DataTable.Col>
      <DataTable.Col source="passkeyCount" label="Passkeys" disableSort align="right" />
      <DataTable.Col source="privileged" disableSort>
        <BooleanField source="privileged" />
      </DataTable.Col>
      <DataTable.Col source="roles" label="Console roles" field={RoleChips} disableSort />
      <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
    </DataTable>
  </List>
);

const IdentityTitle = () => {
  const record = useRecordContext<Identity>();
  return <>{record ? `Identity ${record.email}` : 'Identity'}</>;
};

/** Supervisors grant or revoke console roles from here too (the person need not be staff yet). */
const IdentityShowActions = () => {
  const record = useRecordContext<Identity>();
  const { permissions } = usePermissions<Permissions>();
  if (!record || !can(permissions?.roles, 'staff.manage')) return <TopToolbar />;
  return (
    <TopToolbar>
      <Button label="Console roles" component={Link} to={`/staff/${encodeURIComponent(record.id)}`} data-testid="identity-console-roles">
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
        <TextField source="displayName" label="Name" />
        <IdentityStatusChip source="status" label="Status" />
        <EffectivePolicyField label="Two-step verification policy (effective)" />
        <BooleanField source="totpEnrolled" label="Authenticator app enrolled" />
        <BooleanField source="emergencyCodeSet" label="Emergency code set" />
        <TextField source="smsNumber" label="SMS number" emptyText="—" />
        <BooleanField source="smsVerified" label="SMS number verified" />
        <NumberField source="passkeyCount" label="Passkeys" />
        <BooleanField source="privileged" label="Privileged (recovery needs a second person)" />
        <RoleChips source="roles" label="Console roles" />
        <DateTimeField source="createdAt" label="Created" />
        <TextField source="id" label="ID" />
        <SecondFactorsPanel label="Second factors" />
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
