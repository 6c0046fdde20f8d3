// Vite build for the Tequio single-page app. The C++ server serves dist/:
// /assets/* with a long cache (hashed names), index.html with no-cache.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const api = process.env.TEQUIO_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
  },
  server: {
    // `npm run dev` proxies the API to a running `tequio serve`.
    proxy: {
      '/api': api,
      '/readyz': api,
      '/healthz': api,
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
