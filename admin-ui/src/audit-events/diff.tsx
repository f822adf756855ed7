import type { ReactNode } from 'react';
import { Box, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { alpha } from '@mui/material/styles';
import { useGetOne, useTranslate } from 'react-admin';
import { roleKey } from '../common/choices';
import { APPROVAL_REASONS } from '../../../shared/tickets.js';

type Fields = Record<string, unknown> | null | undefined;

export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  /** Whether the field is recorded on each side (a creation has no "before", a removal no "after"). */
  inBefore: boolean;
  inAfter: boolean;
  changed: boolean;
}

/** JSON with sorted keys, so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(value)) ?? 'undefined';
}

const has = (o: Fields, k: string): boolean => !!o && Object.prototype.hasOwnProperty.call(o, k);

/** One row per field found on either side, in the order the event recorded them ("before" first). */
export function diffRows(before: Fields, after: Fields): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const inBefore = has(before, field);
    const inAfter = has(after, field);
    const b = inBefore ? before![field] : undefined;
    const a = inAfter ? after![field] : undefined;
    return { field, before: b, after: a, inBefore, inAfter, changed: inBefore !== inAfter || canonical(b) !== canonical(a) };
  });
}

const REDACTED = '[redacted]';
const isPrimitive = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** `supervisor`, or `org-admin@<organization id>`, as the staff role events record them. */
const RoleGrant = ({ grant }: { grant: string }) => {
  const at = grant.indexOf('@');
  const role = at < 0 ? grant : grant.slice(0, at);
  const orgId = at < 0 ? null : grant.slice(at + 1);
  const translate = useTranslate();
  const { data: org } = useGetOne<{ id: string; name: string }>('organizations', { id: orgId ?? '' }, { enabled: !!orgId, retry: false });
  if (!orgId) return <>{translate(roleKey(role))}</>;
  return <>{translate('app.audit.grantOrganization', { role: translate(roleKey(role)), organization: org?.name ?? orgId })}</>;
};

const Mono = ({ children, muted }: { children: ReactNode; muted?: boolean }) => (
  <Box component="code" sx={{ fontFamily: 'monospace', fontSize: '0.85em', color: muted ? 'text.secondary' : undefined, wordBreak: 'break-word' }}>
    {children}
  </Box>
);

const Primitive = ({ field, value }: { field: string; value: string | number | boolean | null }) => {
  const translate = useTranslate();
  if (value === null) return <Mono muted>{JSON.stringify(null)}</Mono>;
  if (value === REDACTED)
    return (
      <Typography variant="body2" component="span" sx={{ fontStyle: 'italic', color: 'text.secondary' }}>
        {translate('app.audit.redacted')}
      </Typography>
    );
  if (typeof value === 'string') {
    if (field === 'roles' || field === 'approvalRoles') return <RoleGrant grant={value} />;
    // recovery-code.requested: why a second supervisor must approve, recorded as a code.
    if (field === 'approvalBasis' && (APPROVAL_REASONS as readonly string[]).includes(value)) return <>{translate(`app.audit.approvalBasis.${value}`)}</>;
    return (
      <Typography variant="body2" component="span" sx={{ wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>
        {value === '' ? <Mono muted>""</Mono> : value}
      </Typography>
    );
  }
  return <Mono>{String(value)}</Mono>;
};

/** A value in the before or after column. Lists show which items this side has that the other lacks. */
const Value = ({ field, value, present, other, side }: { field: string; value: unknown; present: boolean; other: unknown; side: 'before' | 'after' }) => {
  const translate = useTranslate();
  if (!present) {
    return (
      <Typography variant="body2" component="span" color="text.disabled" title={translate('app.audit.notRecorded')}>
        —
      </Typography>
    );
  }
  if (isPrimitive(value)) return <Primitive field={field} value={value} />;
  if (Array.isArray(value) && value.every(isPrimitive)) {
    if (value.length === 0) return <Mono muted>{translate('app.audit.none')}</Mono>;
    const others = new Set((Array.isArray(other) ? other : []).map((o) => canonical(o)));
    return (
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {value.map((item, i) => {
          const differs = !others.has(canonical(item));
          const kind = differs ? (side === 'after' ? 'added' : 'removed') : 'kept';
          return (
            <Chip
              key={`${i}-${String(item)}`}
              size="small"
              data-diff={kind}
              color={kind === 'added' ? 'success' : kind === 'removed' ? 'error' : 'default'}
              variant={kind === 'kept' ? 'outlined' : 'filled'}
              title={kind === 'kept' ? String(item) : translate(`app.audit.${kind}`, { value: String(item) })}
              label={
                <Box component="span" sx={{ textDecoration: kind === 'removed' ? 'line-through' : undefined }}>
                  {kind === 'added' ? '+ ' : kind === 'removed' ? '− ' : ''}
                  <Primitive field={field} value={item} />
                </Box>
              }
            />
          );
        })}
      </Stack>
    );
  }
  return (
    <Box component="pre" sx={{ m: 0, fontFamily: 'monospace', fontSize: '0.8em', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {JSON.stringify(value, null, 2)}
    </Box>
  );
};

/** Field | before | after, changed rows highlighted. */
export const DiffTable = ({ before, after }: { before: Fields; after: Fields }) => {
  const translate = useTranslate();
  const rows = diffRows(before, after);
  if (rows.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="audit-diff-empty">
        {translate('app.audit.noFields')}
      </Typography>
    );
  }
  const changedCount = rows.filter((r) => r.changed).length;
  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate(before == null ? 'app.audit.nothingBefore' : after == null ? 'app.audit.nothingAfter' : 'app.audit.changedCount', { changed: changedCount, smart_count: rows.length })}
      </Typography>
      <Table size="small" data-testid="audit-diff" sx={{ tableLayout: 'fixed', '& td, & th': { verticalAlign: 'top' } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '22%' }}>{translate('app.audit.field')}</TableCell>
            <TableCell sx={{ width: '39%' }}>{translate('app.audit.before')}</TableCell>
            <TableCell sx={{ width: '39%' }}>{translate('app.audit.after')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow
              key={r.field}
              data-testid={`audit-diff-row-${r.field}`}
              data-changed={r.changed ? 'true' : 'false'}
              sx={(theme) =>
                r.changed
                  ? { bgcolor: alpha(theme.palette.warning.main, 0.1), '& td:first-of-type': { boxShadow: `inset 4px 0 0 ${theme.palette.warning.main}` } }
                  : { '& td': { color: 'text.secondary' } }
              }
            >
              <TableCell>
                <Mono>{r.field}</Mono>
                {r.changed && (
                  <Typography variant="caption" component="div" color="warning.dark">
                    {translate('app.audit.changed')}
                  </Typography>
                )}
              </TableCell>
              <TableCell data-testid="audit-diff-before">
                <Value field={r.field} value={r.before} present={r.inBefore} other={r.after} side="before" />
              </TableCell>
              <TableCell data-testid="audit-diff-after">
                <Value field={r.field} value={r.after} present={r.inAfter} other={r.before} side="after" />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
