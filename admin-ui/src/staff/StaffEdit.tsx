import { useState } from 'react';
import { Alert, AlertTitle, Box, Card, CardContent, Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link, useParams } from 'react-router-dom';
import {
  AutocompleteArrayInput,
  Button,
  CheckboxGroupInput,
  FormDataConsumer,
  Loading,
  RecordContextProvider,
  ReferenceArrayInput,
  SaveButton,
  SimpleForm,
  Title,
  Toolbar,
  useDataProvider,
  useGetIdentity,
  useGetOne,
  useLocaleState,
  useNotify,
  useRedirect,
  useRefresh,
  useTranslate,
  type TranslateFunction,
} from 'react-admin';
import { StaffRole } from '../../../shared/index.js';
import { roleKey } from '../common/choices';
import { RoleChips } from '../common/fields';
import { auditListPath } from '../audit-events';
import { Detail } from '../common/Detail';
import { formatDateTime } from '../i18n/format';
import { errorKey } from '../providers/http';
import { formValues, GLOBAL_ROLES, grantsFrom, type RoleFormValues, type RoleGrant, type StaffMember } from './grants';

/** What each role may do: `app.staff.roleDescription.<role>`. */
const roleDescriptionKey = (role: StaffRole) => `app.staff.roleDescription.${role}`;

/** Choice names are catalog keys (the role's name). */
const GLOBAL_ROLE_CHOICES = GLOBAL_ROLES.map((id) => ({ id, name: roleKey(id) }));

const RoleOption = ({ id, name }: { id: StaffRole; name: string }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 0.5 }}>
      <Typography variant="body2" component="div" sx={{ fontWeight: 500 }}>
        {translate(name)}
      </Typography>
      <Typography variant="caption" component="div" color="text.secondary">
        {translate(roleDescriptionKey(id))}
      </Typography>
    </Box>
  );
};

interface ServerError {
  message: string;
  details: string[];
}

/** The API's error as a sentence plus its per-field errors (`roles.2.organizationId` → the grant it names), from the codes. */
function describeError(error: unknown, grants: RoleGrant[], translate: TranslateFunction): ServerError {
  const fields = (error as { body?: { details?: unknown } } | null)?.body?.details;
  const details: string[] = [];
  if (fields && typeof fields === 'object') {
    for (const [key, d] of Object.entries(fields as Record<string, { code?: string; params?: Record<string, unknown> }>)) {
      const m = /^roles\.(\d+)(?:\.(\w+))?$/.exec(key);
      const grant = m ? grants[Number(m[1])] : undefined;
      const role = grant ? translate(roleKey(grant.role)) : null;
      const what = grant && role ? (grant.organizationId ? translate('app.staff.grantInOrganization', { role, organization: grant.organizationId }) : role) : key;
      details.push(`${what}: ${translate(`app.validation.${d?.code ?? 'invalid'}`, { ...d?.params, _: translate('app.validation.invalid') })}`);
    }
  }
  return { message: translate(errorKey(error)), details };
}

const PersonCard = ({ member }: { member: StaffMember }) => {
  const locked = member.lockedUntil && new Date(member.lockedUntil).getTime() > Date.now();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Card>
      <CardContent>
        <Typography variant="h5" component="h1" sx={{ mb: 2 }} data-testid="staff-edit-email">
          {member.displayName ? `${member.displayName} <${member.email}>` : member.email}
        </Typography>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="app.staff.rolesNow">{member.roles.length ? <RoleChips source="roles" /> : translate('app.staff.noRoles')}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="app.staff.identityStatus">{translate(`app.common.identityStatus.${member.status}`, { _: member.status })}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="app.staff.authenticator">
              {member.totpEnrolled ? translate('app.staff.enrolled') : <Chip size="small" color="warning" variant="outlined" label={translate('app.staff.notEnrolled')} />}
              {locked && <Chip size="small" color="error" variant="outlined" sx={{ ml: 1 }} label={translate('app.staff.lockedUntil', { when: formatDateTime(member.lockedUntil, locale) })} />}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="app.staff.more">
              <Stack spacing={0.25}>
                <MuiLink component={Link} to={`/identities/${encodeURIComponent(member.id)}/show`}>
                  {translate('app.staff.identityPage')}
                </MuiLink>
                <MuiLink component={Link} to={auditListPath({ targetType: 'identity', targetId: member.id })}>
                  {translate('app.staff.auditAbout')}
                </MuiLink>
              </Stack>
            </Detail>
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
};

const FormToolbar = ({ onCancel }: { onCancel: () => void }) => (
  <Toolbar sx={{ gap: 1 }}>
    <SaveButton label="app.staff.saveRoles" data-testid="staff-save" />
    <Button label="ra.action.cancel" onClick={onCancel} />
  </Toolbar>
);

const RolesForm = ({ member, meId }: { member: StaffMember; meId: string | undefined }) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [serverError, setServerError] = useState<ServerError | null>(null);
  const isMe = meId !== undefined && meId === member.id;

  const save = async (values: Record<string, unknown>) => {
    const grants = grantsFrom(values as unknown as RoleFormValues);
    setServerError(null);
    try {
      await dataProvider.update('staff', { id: member.id, data: { roles: grants }, previousData: member });
      notify(grants.length ? 'app.staff.saved' : 'app.staff.noLongerStaff', { type: 'success', messageArgs: { email: member.email } });
      refresh();
      redirect('list', 'staff');
    } catch (error) {
      setServerError(describeError(error, grants, translate));
    }
  };

  return (
    <Card>
      <SimpleForm record={{ id: member.id, ...formValues(member) }} onSubmit={save} toolbar={<FormToolbar onCancel={() => redirect('list', 'staff')} />}>
        {serverError && (
          <Alert severity="error" sx={{ mb: 2, width: '100%' }} role="alert" data-testid="staff-error">
            <AlertTitle>{serverError.message}</AlertTitle>
            {serverError.details.length > 0 && (
              <Box component="ul" sx={{ m: 0, pl: 2 }}>
                {serverError.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </Box>
            )}
          </Alert>
        )}
        <Typography variant="h6" component="h2">
          {translate('app.staff.rolesEverywhere')}
        </Typography>
        <CheckboxGroupInput
          source="roles"
          label={false}
          row={false}
          choices={GLOBAL_ROLE_CHOICES}
          optionText={(choice: { id: StaffRole; name: string }) => <RoleOption id={choice.id} name={choice.name} />}
          helperText={false}
        />
        <Typography variant="h6" component="h2" sx={{ mt: 1 }}>
          {translate(roleKey(StaffRole.ORG_ADMIN))}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1, maxWidth: 720 }}>
          {translate(roleDescriptionKey(StaffRole.ORG_ADMIN))} {translate('app.staff.leaveEmpty')}
        </Typography>
        <ReferenceArrayInput source="orgAdminOf" reference="organizations" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
          <AutocompleteArrayInput label="app.staff.orgAdminOf" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: { xs: 0, sm: 420 }, maxWidth: 720, width: '100%' }} helperText={false} />
        </ReferenceArrayInput>
        <FormDataConsumer>
          {({ formData }) => {
            const grants = grantsFrom(formData as RoleFormValues);
            if (isMe && !grants.some((g) => g.role === StaffRole.SUPERVISOR)) {
              return (
                <Alert severity="warning" sx={{ mt: 2 }}>
                  {translate('app.staff.cannotDemoteSelf')}
                </Alert>
              );
            }
            if (grants.length === 0) {
              return (
                <Alert severity="info" sx={{ mt: 2 }}>
                  {translate('app.staff.withoutRoles', { email: member.email })}
                </Alert>
              );
            }
            return null;
          }}
        </FormDataConsumer>
        <Typography variant="caption" color="text.secondary" sx={{ mt: 2 }}>
          {translate('app.staff.savingReplaces')}
        </Typography>
      </SimpleForm>
    </Card>
  );
};

/**
 * Grant and revoke console roles (supervisors). Reached from the staff list or from any identity: a person who
 * is not staff yet starts with no roles, so the page loads the identity rather than the staff record.
 */
export const StaffEdit = () => {
  const { id } = useParams<{ id: string }>();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const { data: member, isPending, error } = useGetOne<StaffMember>('identities', { id: id ?? '' }, { enabled: !!id, retry: false });
  const title = member ? translate('app.staff.consoleRolesOf', { email: member.email }) : translate('app.staff.consoleRoles');
  if (isPending && !error) return <Loading />;
  if (error || !member) {
    return (
      <Box sx={{ mt: 2 }}>
        <Title title={title} />
        <Alert severity="error">{translate(error ? errorKey(error) : 'app.staff.notFound')}</Alert>
      </Box>
    );
  }
  return (
    <Stack spacing={2} sx={{ mt: 1 }}>
      <Title title={title} />
      <RecordContextProvider value={member}>
        <PersonCard member={member} />
      </RecordContextProvider>
      <RolesForm key={member.id} member={member} meId={identity?.id != null ? String(identity.id) : undefined} />
    </Stack>
  );
};
