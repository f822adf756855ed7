import { defaultTheme, type RaThemeOptions } from 'react-admin';
import type { Theme } from '@mui/material/styles';
import { ListContent } from './layout/ListContent';

/**
 * The console's one theme. Colours chosen for WCAG 2.1 AA contrast (4.5:1 for text, 3:1 for controls) against
 * white and against each other: white on the app bar is 7.0:1, a focused field's label 5.9:1, warning text 5.4:1.
 * Keyboard focus is always visible (a 3 px outline), never only a ripple.
 */
const FOCUS = '#0b57d0';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    mode: 'light',
    primary: { main: '#0d47a1', contrastText: '#ffffff' },
    secondary: { main: '#1a3d6e', contrastText: '#ffffff' },
    error: { main: '#c62828', contrastText: '#ffffff' },
    warning: { main: '#8a4b00', contrastText: '#ffffff' },
    info: { main: '#01579b', contrastText: '#ffffff' },
    success: { main: '#1b5e20', contrastText: '#ffffff' },
    text: { primary: 'rgba(0, 0, 0, 0.87)', secondary: 'rgba(0, 0, 0, 0.68)' },
  },
  components: {
    ...defaultTheme.components,
    MuiCssBaseline: {
      styleOverrides: {
        ':focus-visible': { outline: `3px solid ${FOCUS}`, outlineOffset: 2 },
        'a:focus-visible, button:focus-visible, [role="button"]:focus-visible, [role="tab"]:focus-visible, [role="menuitem"]:focus-visible': {
          outline: `3px solid ${FOCUS}`,
          outlineOffset: 2,
        },
      },
    },
    MuiAppBar: { styleOverrides: { colorSecondary: { backgroundColor: '#0d47a1', color: '#ffffff' } } },
    MuiButtonBase: { defaultProps: { disableRipple: false } },
    MuiFormLabel: { styleOverrides: { asterisk: { color: 'inherit' } } },
    MuiTablePagination: { styleOverrides: { toolbar: { flexWrap: 'wrap' } } },
    // WCAG 1.4.10 reflow, for every list at once: wide tables scroll inside their own named region (ListContent), never
    // the page; the toolbar (filters, then actions) stacks on a phone and wraps elsewhere.
    RaList: {
      defaultProps: { component: ListContent },
      styleOverrides: {
        root: {
          minWidth: 0,
          '& .RaList-main': { minWidth: 0, maxWidth: '100%' },
          '& .RaList-content': { overflowX: 'auto', maxWidth: '100%' },
          '& .RaTopToolbar-root': { flexWrap: 'wrap' },
        },
      },
    },
    RaShow: { styleOverrides: { root: { minWidth: 0, '& .RaShow-main, & .RaShow-card': { minWidth: 0, maxWidth: '100%', overflowX: 'auto' } } } },
    RaEdit: { styleOverrides: { root: { minWidth: 0, '& .RaEdit-main, & .RaEdit-card': { minWidth: 0, maxWidth: '100%', overflowX: 'auto' } } } },
    RaCreate: { styleOverrides: { root: { minWidth: 0, '& .RaCreate-main, & .RaCreate-card': { minWidth: 0, maxWidth: '100%', overflowX: 'auto' } } } },
    // react-admin stacks the toolbar in a column below `sm`: wrapping there would start a second column beside the
    // first (the actions ended up right of the screen), so it wraps only from `sm` up.
    RaListToolbar: {
      styleOverrides: {
        root: ({ theme }: { theme: Theme }) => ({
          minWidth: 0,
          maxWidth: '100%',
          [theme.breakpoints.up('sm')]: { flexWrap: 'wrap' },
          [theme.breakpoints.down('sm')]: { flexWrap: 'nowrap', alignItems: 'stretch' },
          '& .RaFilterForm-root, & form': { flexWrap: 'wrap', minWidth: 0, maxWidth: '100%' },
        }),
      },
    },
    RaFilterForm: {
      styleOverrides: {
        root: {
          flexWrap: 'wrap',
          minWidth: 0,
          maxWidth: '100%',
          // every filter fits the screen, whatever its own minimum width
          '& .RaFilterFormInput-root, & .MuiFormControl-root, & .MuiAutocomplete-root': { maxWidth: '100%', minWidth: 0 },
        },
      },
    },
    RaTopToolbar: { styleOverrides: { root: { flexWrap: 'wrap', minWidth: 0, maxWidth: '100%' } } },
    MuiTableContainer: { styleOverrides: { root: { overflowX: 'auto', maxWidth: '100%' } } },
    // react-admin's empty-list message is dimmed with opacity (2.9:1): full contrast instead.
    RaEmpty: { styleOverrides: { root: { '& .RaEmpty-message': { opacity: 1, color: 'rgba(0, 0, 0, 0.68)' }, '& .RaEmpty-icon': { opacity: 0.6 } } } },
  },
};
