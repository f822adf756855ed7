import { Chip, Stack, type ChipProps } from '@mui/material';
import { DateField, ReferenceField, SelectField, useRecordContext, type DateFieldProps } from 'react-admin';
import { LoginResult, SeveraSubscriptionStatus } from '../../../shared/index.js';
import { PORTAL_CHOICES, reasonColor, reasonLabel, roleLabel } from './choices';

interface SourceProps {
  source?: string;
  label?: string;
}

const valueAt = (record: Record<string, unknown> | undefined, source: string): unknown => record?.[source];

/** Date and time in the browser's locale; empty values render as an em dash. */
export const DateTimeField = (props: DateFieldProps) => <DateField showTime emptyText="—" {...props} />;

/** The portal's display name (MyVisma / Azets Work). */
export const PortalField = ({ source = 'portalId' }: SourceProps) => <SelectField source={source} choices={PORTAL_CHOICES} emptyText="—" />;

/** The organization's name, linking to it. */
export const OrganizationField = ({ source = 'organizationId' }: SourceProps) => (
  <ReferenceField source={source} reference="organizations" link="show" emptyText="—" />
);

/** Failure reasons as coloured chips, in the order the API gives them. */
export const ReasonChips = ({ source = 'reasons' }: SourceProps) => {
  const record = useRecordContext();
  const reasons = valueAt(record, source);
  if (!Array.isArray(reasons) || reasons.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {reasons.map((r: string) => (
        <Chip key={r} size="small" label={reasonLabel(r)} title={r} sx={{ bgcolor: reasonColor(r), color: '#fff' }} />
      ))}
    </Stack>
  );
};

/** success / failure as a green or red chip. */
export const ResultChip = ({ source = 'result' }: SourceProps) => {
  const record = useRecordContext();
  const result = valueAt(record, source);
  if (typeof result !== 'string') return null;
  const ok = result === LoginResult.SUCCESS;
  return <Chip size="small" variant="outlined" color={ok ? 'success' : 'error'} label={ok ? 'Success' : 'Failure'} />;
};

/** Whether the organization still uses Severa. */
export const SeveraStatusChip = ({ source = 'severaStatus' }: SourceProps) => {
  const record = useRecordContext();
  const status = valueAt(record, source);
  if (typeof status !== 'string') return null;
  const active = status === SeveraSubscriptionStatus.ACTIVE;
  return <Chip size="small" color={active ? 'success' : 'default'} label={active ? 'Uses Severa' : 'Left Severa'} />;
};

/** A Severa user's active flag. */
export const ActiveChip = ({ source = 'active' }: SourceProps) => {
  const record = useRecordContext();
  const active = valueAt(record, source);
  if (typeof active !== 'boolean') return null;
  return <Chip size="small" variant="outlined" color={active ? 'success' : 'warning'} label={active ? 'Active' : 'Inactive'} />;
};

const IDENTITY_STATUS_COLORS: Record<string, ChipProps['color']> = { active: 'success', invited: 'info', disabled: 'default' };

/** An identity's status (active / invited / disabled). */
export const IdentityStatusChip = ({ source = 'status' }: SourceProps) => {
  const record = useRecordContext();
  const status = valueAt(record, source);
  if (typeof status !== 'string') return null;
  return <Chip size="small" variant="outlined" color={IDENTITY_STATUS_COLORS[status] ?? 'default'} label={status.charAt(0).toUpperCase() + status.slice(1)} />;
};

/** Console roles as chips. */
export const RoleChips = ({ source = 'roles' }: SourceProps) => {
  const record = useRecordContext();
  const roles = valueAt(record, source);
  if (!Array.isArray(roles) || roles.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {roles.map((r: string) => (
        <Chip key={r} size="small" color="primary" variant="outlined" label={roleLabel(r)} />
      ))}
    </Stack>
  );
};
