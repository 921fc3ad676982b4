import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// In development the browser talks to Vite, which forwards /api to a running rg-dashboard (default port 8084),
// so cookies stay same-origin exactly as in production, where rg-dashboard serves this build itself.
const dashboard = process.env.RG_DASHBOARD_URL ?? 'http://localhost:8084';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: dashboard, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
