import { useState, type ReactNode } from 'react';
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
  useNotify,
  useRedirect,
  useRefresh,
} from 'react-admin';
import { StaffRole } from '../../../shared/index.js';
import { roleLabel } from '../common/choices';
import { RoleChips } from '../common/fields';
import { auditListPath } from '../audit-events';
import { errorMessage } from '../providers/http';
import { formValues, GLOBAL_ROLES, grantsFrom, type RoleFormValues, type RoleGrant, type StaffMember } from './grants';

const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  [StaffRole.SUPPORT_AGENT]: 'Handles tickets and sign-in diagnosis for every organization; issues recovery codes to ordinary users after a recorded verification.',
  [StaffRole.SUPERVISOR]: 'Everything an agent can, plus approving recovery for privileged people, add-ons of any organization, and staff roles.',
  [StaffRole.ORG_ADMIN]: 'Sees and acts only inside the organizations chosen here: diagnosis, Severa users’ active status, their own add-ons.',
};

const GLOBAL_ROLE_CHOICES = GLOBAL_ROLES.map((id) => ({ id, name: roleLabel(id) }));

const RoleOption = ({ id, name }: { id: StaffRole; name: string }) => (
  <Box sx={{ py: 0.5 }}>
    <Typography variant="body2" component="div" sx={{ fontWeight: 500 }}>
      {name}
    </Typography>
    <Typography variant="caption" component="div" color="text.secondary">
      {ROLE_DESCRIPTIONS[id]}
    </Typography>
  </Box>
);

interface ServerError {
  message: string;
  details: string[];
}

/** The API's message plus its per-field errors (`roles.2.organizationId` → the grant it names). */
function describeError(error: unknown, grants: RoleGrant[]): ServerError {
  const fields = (error as { body?: { errors?: unknown } } | null)?.body?.errors;
  const details: string[] = [];
  if (fields && typeof fields === 'object') {
    for (const [key, msg] of Object.entries(fields as Record<string, unknown>)) {
      const m = /^roles\.(\d+)(?:\.(\w+))?$/.exec(key);
      const grant = m ? grants[Number(m[1])] : undefined;
      const what = grant ? `${roleLabel(grant.role)}${grant.organizationId ? ` (organization ${grant.organizationId})` : ''}` : key;
      details.push(`${what}: ${String(msg)}`);
    }
  }
  return { message: errorMessage(error), details };
}

const Detail = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ wordBreak: 'break-word' }}>
      {children}
    </Typography>
  </Box>
);

const PersonCard = ({ member }: { member: StaffMember }) => {
  const locked = member.lockedUntil && new Date(member.lockedUntil).getTime() > Date.now();
  return (
    <Card>
      <CardContent>
        <Typography variant="h5" component="h1" sx={{ mb: 2 }} data-testid="staff-edit-email">
          {member.displayName ? `${member.displayName} <${member.email}>` : member.email}
        </Typography>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="Console roles now">{member.roles.length ? <RoleChips source="roles" /> : 'None (not staff)'}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="Identity status">{member.status.charAt(0).toUpperCase() + member.status.slice(1)}</Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="Authenticator app">
              {member.totpEnrolled ? 'Enrolled' : <Chip size="small" color="warning" variant="outlined" label="Not enrolled: cannot sign in to the console yet" />}
              {locked && <Chip size="small" color="error" variant="outlined" sx={{ ml: 1 }} label={`Locked until ${new Date(member.lockedUntil!).toLocaleString()}`} />}
            </Detail>
          </Grid>
          <Grid size={{ xs: 12, sm: 6, md: 3 }}>
            <Detail label="More">
              <Stack spacing={0.25}>
                <MuiLink component={Link} to={`/identities/${encodeURIComponent(member.id)}/show`}>
                  Identity page
                </MuiLink>
                <MuiLink component={Link} to={auditListPath({ targetType: 'identity', targetId: member.id })}>
                  Audit events about this person
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
    <SaveButton label="Save roles" data-testid="staff-save" />
    <Button label="Cancel" onClick={onCancel} />
  </Toolbar>
);

const RolesForm = ({ member, meId }: { member: StaffMember; meId: string | undefined }) => {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const [serverError, setServerError] = useState<ServerError | null>(null);
  const isMe = meId !== undefined && meId === member.id;

  const save = async (values: Record<string, unknown>) => {
    const grants = grantsFrom(values as unknown as RoleFormValues);
    setServerError(null);
    try {
      await dataProvider.update('staff', { id: member.id, data: { roles: grants }, previousData: member });
      notify(grants.length ? `Console roles of ${member.email} saved` : `${member.email} no longer has console roles`, { type: 'success' });
      refresh();
      redirect('list', 'staff');
    } catch (error) {
      setServerError(describeError(error, grants));
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
          Roles for every organization
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
          Org admin
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1, maxWidth: 720 }}>
          {ROLE_DESCRIPTIONS[StaffRole.ORG_ADMIN]} Leave empty for none.
        </Typography>
        <ReferenceArrayInput source="orgAdminOf" reference="organizations" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
          <AutocompleteArrayInput label="Org admin of" optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 420, maxWidth: 720 }} helperText={false} />
        </ReferenceArrayInput>
        <FormDataConsumer>
          {({ formData }) => {
            const grants = grantsFrom(formData as RoleFormValues);
            if (isMe && !grants.some((g) => g.role === StaffRole.SUPERVISOR)) {
              return (
                <Alert severity="warning" sx={{ mt: 2 }}>
                  You cannot remove your own supervisor role: another supervisor has to do that.
                </Alert>
              );
            }
            if (grants.length === 0) {
              return (
                <Alert severity="info" sx={{ mt: 2 }}>
                  With no roles, {member.email} can no longer sign in to the console.
                </Alert>
              );
            }
            return null;
          }}
        </FormDataConsumer>
        <Typography variant="caption" color="text.secondary" sx={{ mt: 2 }}>
          Saving replaces all of this person’s console roles. It needs a fresh authenticator code and is recorded in the audit log.
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
  const { data: member, isPending, error } = useGetOne<StaffMember>('identities', { id: id ?? '' }, { enabled: !!id, retry: false });
  const title = member ? `Console roles · ${member.email}` : 'Console roles';
  if (isPending && !error) return <Loading />;
  if (error || !member) {
    return (
      <Box sx={{ mt: 2 }}>
        <Title title={title} />
        <Alert severity="error">{errorMessage(error, 'This identity cannot be found.')}</Alert>
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
