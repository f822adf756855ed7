import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API = 'http://127.0.0.1:3000';

// Run from the repository root: `npx vite --config admin-ui/vite.config.ts` (dev) or `npx vite build --config admin-ui/vite.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/public',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    strictPort: true,
    // Same origin for the browser: the session cookie and the CSRF header travel as they do in production.
    proxy: {
      '/api': { target: API },
      '/connect': { target: API },
    },
  },
});
