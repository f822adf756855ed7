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
  SelectInput,
  SingleFieldList,
  ChipField,
  Toolbar,
  TopToolbar,
  useLocaleState,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { STAFF_ROLES, StaffRole } from '../../../shared/index.js';
import { roleKey } from '../common/choices';
import { DateTimeField, IdentityStatusChip, RoleChips } from '../common/fields';
import { SearchFilter } from '../common/inputs';
import { formatDateTime } from '../i18n/format';
import type { StaffMember } from './grants';
import { StaffEdit } from './StaffEdit';

/** Choice names are catalog keys (react-admin translates them). */
const ROLE_CHOICES = STAFF_ROLES.map((id) => ({ id, name: roleKey(id) }));

const filters = [
  <SearchFilter key="q" source="q" placeholder="app.records.emailContains" alwaysOn />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />,
];

/** Pick any identity (staff or not yet) and open its role editor. */
const AddStaffButton = () => {
  const [open, setOpen] = useState(false);
  const redirect = useRedirect();
  const translate = useTranslate();
  return (
    <>
      <Button label="app.staff.grantToSomeone" onClick={() => setOpen(true)} data-testid="staff-add">
        <PersonAddIcon />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="sm" fullWidth aria-labelledby="staff-add-title">
        <DialogTitle id="staff-add-title">{translate('app.staff.grantTitle')}</DialogTitle>
        <Form onSubmit={(values: Record<string, unknown>) => redirect('edit', 'staff', values.identityId as string)}>
          <DialogContent>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {translate('app.staff.grantText')}
            </Typography>
            <ReferenceInput source="identityId" reference="identities" sort={{ field: 'email', order: 'ASC' }}>
              <AutocompleteInput label="app.staff.identityEmail" optionText="email" filterToQuery={(q: string) => ({ q })} validate={required()} fullWidth />
            </ReferenceInput>
          </DialogContent>
          <Toolbar sx={{ justifyContent: 'flex-end', gap: 1 }}>
            <Button label="ra.action.cancel" onClick={() => setOpen(false)} />
            <SaveButton label="app.staff.continue" alwaysEnable />
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
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!r?.lockedUntil || new Date(r.lockedUntil).getTime() <= Date.now()) return null;
  return <Chip size="small" color="error" variant="outlined" label={translate('app.staff.locked')} title={translate('app.staff.until', { when: formatDateTime(r.lockedUntil, locale) })} />;
};

export const StaffList = () => (
  <List<StaffMember> title="app.staff.title" filters={filters} actions={<ListActions />} sort={{ field: 'email', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="email" />
      <DataTable.Col source="displayName" />
      <DataTable.Col source="roles" field={RoleChips} disableSort />
      <DataTable.Col source="organizationIds" field={OrgAdminOf} disableSort />
      <DataTable.Col source="status" field={IdentityStatusChip} />
      <DataTable.Col source="totpEnrolled" disableSort>
        <BooleanField source="totpEnrolled" />
      </DataTable.Col>
      <DataTable.Col source="lockedUntil" field={LockedField} disableSort />
      <DataTable.Col source="createdAt" field={DateTimeField} />
    </DataTable>
  </List>
);

export const staff = {
  list: StaffList,
  edit: StaffEdit,
  icon: BadgeIcon,
  recordRepresentation: 'email',
};
