/** The diagnosis page's route, apart from the page so that menus and links do not pull the page into the main chunk. */
export const DIAGNOSIS_PATH = '/diagnosis';

/** Link to the diagnosis for one portal account (the page reads these query parameters and runs at once). */
export const diagnosisLink = (portal: string, organizationId: string, email: string) => `${DIAGNOSIS_PATH}?${new URLSearchParams({ portal, organizationId, email }).toString()}`;
