/**
 * A React event handler from an async function. React ignores what a handler returns, so the promise is dropped
 * here on purpose (as before, but explicitly): the function handles and reports its own errors.
 */
export function fire<A extends unknown[]>(fn: (...args: A) => Promise<unknown>): (...args: A) => void {
  return (...args) => {
    void fn(...args);
  };
}
