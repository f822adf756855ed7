import { Chip, Stack, type ChipProps } from '@mui/material';
import { ReferenceField, SelectField, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../i18n/format';
import { LoginResult, SeveraSubscriptionStatus } from '../../../shared/index.js';
import { PORTAL_CHOICES, reasonColor, reasonKey, roleKey } from './choices';

interface SourceProps {
  source?: string;
  label?: string;
}

const valueAt = (record: Record<string, unknown> | undefined, source: string): unknown => record?.[source];

/** Date and time in the console's language with the time zone (the one format for instants); empty: an em dash. */
export const DateTimeField = ({ source = 'createdAt' }: SourceProps & { sortable?: boolean; sortBy?: string }) => {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  const value = valueAt(record, source) as string | null | undefined;
  return (
    <time dateTime={value ?? undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(value, locale)}
    </time>
  );
};

/** The same format outside a record context. */
export const DateTimeText = ({ value }: { value: string | Date | null | undefined }) => {
  const [locale] = useLocaleState();
  return <time dateTime={value ? new Date(value).toISOString() : undefined}>{formatDateTime(value, locale)}</time>;
};

/** The portal's display name (MyVisma / Azets Work). */
export const PortalField = ({ source = 'portalId' }: SourceProps) => <SelectField source={source} choices={PORTAL_CHOICES} emptyText="—" />;

/** The organization's name, linking to it. */
export const OrganizationField = ({ source = 'organizationId' }: SourceProps) => (
  <ReferenceField source={source} reference="organizations" link="show" emptyText="—" />
);

/** Failure reasons as coloured chips, in the order the API gives them. */
export const ReasonChips = ({ source = 'reasons' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const reasons = valueAt(record, source);
  if (!Array.isArray(reasons) || reasons.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {reasons.map((r: string) => (
        <Chip key={r} size="small" label={translate(reasonKey(r))} sx={{ bgcolor: reasonColor(r), color: '#fff' }} />
      ))}
    </Stack>
  );
};

/** success / failure as a green or red chip. */
export const ResultChip = ({ source = 'result' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const result = valueAt(record, source);
  if (typeof result !== 'string') return null;
  const ok = result === (LoginResult.SUCCESS as string);
  return <Chip size="small" variant="outlined" color={ok ? 'success' : 'error'} label={translate(`app.common.result.${ok ? 'success' : 'failure'}`)} />;
};

/** Whether the organization still uses Severa. */
export const SeveraStatusChip = ({ source = 'severaStatus' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const status = valueAt(record, source);
  if (typeof status !== 'string') return null;
  const active = status === (SeveraSubscriptionStatus.ACTIVE as string);
  return <Chip size="small" color={active ? 'success' : 'default'} label={translate(`app.common.severaStatus.${active ? 'active' : 'ended'}`)} />;
};

/** A Severa user's active flag. */
export const ActiveChip = ({ source = 'active' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const active = valueAt(record, source);
  if (typeof active !== 'boolean') return null;
  return <Chip size="small" variant="outlined" color={active ? 'success' : 'warning'} label={translate(active ? 'app.common.active' : 'app.common.inactive')} />;
};

const IDENTITY_STATUS_COLORS: Record<string, ChipProps['color']> = { active: 'success', invited: 'info', disabled: 'default' };

/** An identity's status (active / invited / disabled). */
export const IdentityStatusChip = ({ source = 'status' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const status = valueAt(record, source);
  if (typeof status !== 'string') return null;
  return <Chip size="small" variant="outlined" color={IDENTITY_STATUS_COLORS[status] ?? 'default'} label={translate(`app.common.identityStatus.${status}`, { _: status })} />;
};

/** Console roles as chips. */
export const RoleChips = ({ source = 'roles' }: SourceProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const roles = valueAt(record, source);
  if (!Array.isArray(roles) || roles.length === 0) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {roles.map((r: string) => (
        <Chip key={r} size="small" color="primary" variant="outlined" label={translate(roleKey(r))} />
      ))}
    </Stack>
  );
};
