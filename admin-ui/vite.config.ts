import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './build/precompress.ts';

const API = `http://127.0.0.1:${process.env.PORT || 3000}`; // the API of `npm run dev` (same PORT)

/** Dev server: the public Visma Connect pages (/connect, /connect/<step>) are connect.html, as the API serves them in production. */
function connectPages(): Plugin {
  return {
    name: 'connect-pages',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.method === 'GET' && req.url && /^\/connect(\/[a-z-]*)?\/?(\?|$)/.test(req.url)) req.url = '/connect.html' + (req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '');
        next();
      });
    },
  };
}

// Run from the repository root: `npx vite --config admin-ui/vite.config.ts` (dev) or `npx vite build --config admin-ui/vite.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), connectPages(), precompress()],
  build: {
    outDir: '../dist/public',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    // No polyfill chunk: every browser we support has <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // Two pages: the staff console, and the small public Visma Connect page (no React, no shared vendor chunk).
      input: { main: fileURLToPath(new URL('index.html', import.meta.url)), connect: fileURLToPath(new URL('connect.html', import.meta.url)) },
      output: {
        // The signed-out console loads only `react` and the boot code (main.tsx); react-admin, MUI and charts come
        // after sign-in. Vendor code changes less often than ours: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            // the Connect pages' only dependency: its own chunk, so /connect never preloads the console's vendor chunks
            { name: 'webauthn', test: /[\\/]node_modules[\\/]@simplewebauthn[\\/]/, priority: 5 },
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 4 },
            { name: 'charts', test: /[\\/]node_modules[\\/](recharts|d3-[^\\/]+|victory-vendor|internmap|decimal\.js-light|es-toolkit|immer|reselect|@reduxjs|redux|react-redux|use-sync-external-store|eventemitter3|tiny-invariant)[\\/]/, priority: 3 },
            { name: 'mui', test: /[\\/]node_modules[\\/](@mui|@emotion)[\\/]/, priority: 2 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // Same origin for the browser: the session cookie and the CSRF header travel as they do in production.
    proxy: {
      '/api': { target: API },
    },
  },
});
