import type { ReactNode } from 'react';
import { Box, Card, CardHeader, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { ShownEmail } from './ActionButton';

/** One account whose e-mail is almost the one being diagnosed. */
export interface SimilarEmailRow {
  id: string;
  email: string;
  name: string;
  /** How it differs from the diagnosed e-mail. */
  why: ReactNode;
  /** Its status or verdict. */
  status: ReactNode;
  /** What to do with it (a button), if anything. */
  action: ReactNode;
}

/**
 * The diagnosis' tables of almost-matching e-mails: the Severa users' near misses and the portal's accounts with a
 * similar e-mail. Each row shows the spelling as it is stored (spaces and look-alikes visible), the name, how it
 * differs, a status and an action; the headings come from the caller.
 */
export const SimilarEmailsCard = ({
  title,
  subheader,
  headings,
  rows,
  testId,
  rowTestId,
}: {
  title: ReactNode;
  subheader: ReactNode;
  headings: { email: ReactNode; name: ReactNode; why: ReactNode; status: ReactNode };
  rows: SimilarEmailRow[];
  testId: string;
  rowTestId: (index: number) => string;
}) => (
  <Card variant="outlined" data-testid={testId}>
    <CardHeader title={title} subheader={subheader} slotProps={{ title: { variant: 'h6' } }} />
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{headings.email}</TableCell>
            <TableCell>{headings.name}</TableCell>
            <TableCell>{headings.why}</TableCell>
            <TableCell>{headings.status}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r, i) => (
            <TableRow key={r.id} data-testid={rowTestId(i)}>
              <TableCell>
                <ShownEmail email={r.email} />
              </TableCell>
              <TableCell>{r.name}</TableCell>
              <TableCell>{r.why}</TableCell>
              <TableCell>{r.status}</TableCell>
              <TableCell align="right">{r.action}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  </Card>
);
