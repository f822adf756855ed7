// Preloaded into a server process by test/shutdown.e2e-spec.ts (NODE_OPTIONS=--import): SIGUSR2 makes a promise
// rejection nobody handles, as a forgotten `void` call would.
process.on('SIGUSR2', () => {
  Promise.reject(new Error('injected fault: nobody handles this rejection'));
});
