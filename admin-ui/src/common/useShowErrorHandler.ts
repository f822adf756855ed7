import { useNotify, useRedirect, useResourceContext } from 'react-admin';
import { errorMessage } from '../providers/http';

/**
 * `queryOptions` for a <Show>: when the record cannot be loaded, say why (the API's message, e.g. "not found"
 * or a cancelled step-up) instead of react-admin's generic "Element does not exist", then go back to the list.
 */
export function useShowErrorHandler() {
  const notify = useNotify();
  const redirect = useRedirect();
  const resource = useResourceContext();
  return {
    onError: (error: unknown) => {
      notify(errorMessage(error), { type: 'error' });
      redirect('list', resource);
    },
  };
}
