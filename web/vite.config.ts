// Builds the console and the victim help page into web/dist. Assets use absolute /assets/ URLs so the
// same index.html works when served at / and at /help (client-side routing picks the page).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/console/api': 'http://127.0.0.1:8080', '/help/api': 'http://127.0.0.1:8080' },
  },
});
