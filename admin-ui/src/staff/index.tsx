import { useState } from 'react';
import BadgeIcon from '@mui/icons-material/Badge';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Chip, Dialog, DialogContent, DialogTitle, Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanField,
  Button,
  DataTable,
  FilterButton,
  Form,
  List,
  ReferenceArrayField,
  ReferenceInput,
  required,
  SaveButton,
  SearchInput,
  SelectInput,
  SingleFieldList,
  ChipField,
  Toolbar,
  TopToolbar,
  useRecordContext,
  useRedirect,
} from 'react-admin';
import { STAFF_ROLES, StaffRole } from '../../../shared/index.js';
import { roleLabel } from '../common/choices';
import { DateTimeField, IdentityStatusChip, RoleChips } from '../common/fields';
import type { StaffMember } from './grants';
import { StaffEdit } from './StaffEdit';

const ROLE_CHOICES = STAFF_ROLES.map((id) => ({ id, name: roleLabel(id) }));

const filters = [
  <SearchInput key="q" source="q" placeholder="E-mail contains" alwaysOn />,
  <SelectInput key="role" source="role" label="Role" choices={ROLE_CHOICES} alwaysOn />,
];

/** Pick any identity (staff or not yet) and open its role editor. */
const AddStaffButton = () => {
  const [open, setOpen] = useState(false);
  const redirect = useRedirect();
  return (
    <>
      <Button label="Grant roles to someone" onClick={() => setOpen(true)} data-testid="staff-add">
        <PersonAddIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth aria-labelledby="staff-add-title">
        <DialogTitle id="staff-add-title">Grant console roles</DialogTitle>
        <Form onSubmit={(values: Record<string, unknown>) => redirect('edit', 'staff', values.identityId as string)}>
          <DialogContent>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              Console roles go to Visma Connect identities. Pick the person; the next page sets their roles.
            </Typography>
            <ReferenceInput source="identityId" reference="identities" sort={{ field: 'email', order: 'ASC' }}>
              <AutocompleteInput label="Identity (e-mail)" optionText="email" filterToQuery={(q: string) => ({ q })} validate={required()} fullWidth />
            </ReferenceInput>
          </DialogContent>
          <Toolbar sx={{ justifyContent: 'flex-end', gap: 1 }}>
            <Button label="Cancel" onClick={() => setOpen(false)} />
            <SaveButton label="Continue" alwaysEnable />
          </Toolbar>
        </Form>
      </Dialog>
    </>
  );
};

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    <AddStaffButton />
  </TopToolbar>
);

/** The organizations an org admin covers, by name. */
const OrgAdminOf = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<StaffMember>();
  if (!r?.roles.includes(StaffRole.ORG_ADMIN) || r.organizationIds.length === 0) return null;
  return (
    <ReferenceArrayField source="organizationIds" reference="organizations">
      <SingleFieldList linkType={false}>
        <ChipField source="name" size="small" />
      </SingleFieldList>
    </ReferenceArrayField>
  );
};

const LockedField = (_: { source?: string; label?: string }) => {
  const r = useRecordContext<StaffMember>();
  if (!r?.lockedUntil || new Date(r.lockedUntil).getTime() <= Date.now()) return null;
  return <Chip size="small" color="error" variant="outlined" label="Locked" title={`Until ${new Date(r.lockedUntil).toLocaleString()}`} />;
};

export const StaffList = () => (
  <List<StaffMember> title="Staff" filters={filters} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="displayName" label="Name" />
      <DataTable.Col source="roles" label="Console roles" field={RoleChips} disableSort />
      <DataTable.Col source="organizationIds" label="Org admin of" field={OrgAdminOf} disableSort />
      <DataTable.Col source="status" field={IdentityStatusChip} />
      <DataTable.Col source="totpEnrolled" label="Authenticator" disableSort>
        <BooleanField source="totpEnrolled" />
      </DataTable.Col>
      <DataTable.Col source="lockedUntil" label="Sign-in" field={LockedField} disableSort />
      <DataTable.Col source="createdAt" label="Created" field={DateTimeField} />
    </DataTable>
  </List>
);

export const staff = {
  list: StaffList,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'email',
};
