import { useNotify, useRedirect, useResourceContext } from 'react-admin';
import { errorKey } from '../providers/http';

/**
 * `queryOptions` for a <Show>: when the record cannot be loaded, say why (the catalog's sentence for the API's code, e.g. "not found"
 * or a cancelled step-up) instead of react-admin's generic "Element does not exist", then go back to the list.
 */
export function useShowErrorHandler() {
  const notify = useNotify();
  const redirect = useRedirect();
  const resource = useResourceContext();
  return {
    onError: (error: unknown) => {
      notify(errorKey(error), { type: 'error' });
      redirect('list', resource);
    },
  };
}
