import { useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { StaffRole, TwoFactorPolicy, type EffectivePolicy } from '../../../shared/index.js';
import { errorKey, httpClient } from '../providers/http';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { fire } from '../common/fire';

/** Seed 003: what each policy is called and means, in one place for the console (`app.common.twoFactorPolicy.*`, `app.people.policy.*`). */
export function usePolicyText() {
  const translate = useTranslate();
  return (policy: string) => ({
    label: translate(`app.common.twoFactorPolicy.${policy}`, { _: policy }),
    explanation: translate(`app.people.policy.${policy}`, { _: '' }),
  });
}

/** The organization's two-step verification policy; supervisors and the organization's own admins change it (step-up, audited). */
export const OrganizationPolicyField = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string; twoFactorPolicy: string }>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const policyText = usePolicyText();
  const [choice, setChoice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setChoice(record?.twoFactorPolicy ?? null), [record?.twoFactorPolicy]);
  if (!record) return null;
  const mayChange = can(permissions?.roles, 'two-factor-policy.change') && (permissions?.roles?.includes(StaffRole.SUPERVISOR) || permissions?.organizationIds?.includes(record.id));
  const current = policyText(record.twoFactorPolicy);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await httpClient(`/api/organizations/${encodeURIComponent(record.id)}/two-factor-policy`, { method: 'PUT', body: JSON.stringify({ policy: choice }) });
      notify('app.people.policyNow', { type: 'success', messageArgs: { policy: policyText(choice!).label } });
      refresh();
    } catch (e) {
      setError(translate(errorKey(e)));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Box data-testid="org-two-factor-policy" sx={{ maxWidth: 720 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5, flexWrap: 'wrap' }}>
        <Chip size="small" color={record.twoFactorPolicy === 'required' ? 'primary' : 'default'} label={current.label} data-testid="org-policy-chip" />
        <Typography variant="body2" color="text.secondary">
          {current.explanation}
        </Typography>
      </Stack>
      {mayChange && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
          <ToggleButtonGroup size="small" exclusive value={choice} onChange={(_, v: string | null) => v && setChoice(v)} aria-label={translate('app.people.policyAria')}>
            <ToggleButton value="required" data-testid="policy-required">
              {translate('app.common.twoFactorPolicy.required')}
            </ToggleButton>
            <ToggleButton value="adaptive" data-testid="policy-adaptive">
              {translate('app.common.twoFactorPolicy.adaptive')}
            </ToggleButton>
          </ToggleButtonGroup>
          <Button variant="contained" size="small" disabled={saving || !choice || choice === record.twoFactorPolicy} onClick={fire(save)} data-testid="policy-save">
            {saving ? <CircularProgress size={16} /> : translate('app.people.savePolicy')}
          </Button>
          <Typography variant="caption" color="text.secondary">
            {translate('app.people.policyScope')}
          </Typography>
        </Stack>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
};

/** The identity's effective policy: the strictest of its organizations' (read-only, for agents on the identity page). */
export const EffectivePolicyField = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const policyText = usePolicyText();
  const [data, setData] = useState<(EffectivePolicy & { identityId: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!record) return;
    const ctrl = new AbortController();
    httpClient(`/api/identities/${encodeURIComponent(record.id)}/two-factor-policy`, { signal: ctrl.signal })
      .then((r) => setData(r.json as EffectivePolicy & { identityId: string }))
      .catch((e) => !ctrl.signal.aborted && setError(translate(errorKey(e))));
    return () => ctrl.abort();
    // Fetch again when the person changes, not on every new record object or translate function.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [record?.id]);
  if (!record) return null;
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!data) return <CircularProgress size={18} />;
  const text = policyText(data.policy);
  return (
    <Box data-testid="effective-policy">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip size="small" color={data.policy === TwoFactorPolicy.REQUIRED ? 'primary' : 'default'} label={text.label} />
        <Typography variant="body2" color="text.secondary">
          {text.explanation}
        </Typography>
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5 }}>
        {data.organizations.length
          ? translate('app.people.policyFrom', { organizations: data.organizations.map((o) => `${o.name} (${policyText(o.twoFactorPolicy).label})`).join(', ') })
          : translate('app.people.policyDefault')}
      </Typography>
    </Box>
  );
};
