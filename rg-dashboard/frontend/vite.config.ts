import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// In development the browser talks to Vite, which forwards /api to a running rg-dashboard (default port 8084),
// so cookies stay same-origin exactly as in production, where rg-dashboard serves this build itself.
// Without rg-dashboard, RG_AUTH_URL / RG_VERIFIER_URL / RG_TEMPLATES_URL / RG_GATEWAY_URL point a prefix straight
// at one backend, mapped the way rg-dashboard maps it (/api/verifier/x -> <verifier>/api/x; /api/auth stays).
const env = process.env;
const dashboard = env.RG_DASHBOARD_URL ?? 'http://localhost:8084';

type Proxy = { target: string; changeOrigin: boolean; rewrite?: (path: string) => string };
const proxy: Record<string, Proxy> = {};
if (env.RG_AUTH_URL) proxy['/api/auth'] = { target: env.RG_AUTH_URL, changeOrigin: false };
for (const [prefix, url] of [
  ['/api/verifier', env.RG_VERIFIER_URL],
  ['/api/templates', env.RG_TEMPLATES_URL],
  ['/api/gateway', env.RG_GATEWAY_URL],
] as const) {
  if (url) proxy[prefix] = { target: url, changeOrigin: true, rewrite: (path) => '/api' + path.slice(prefix.length) };
}
proxy['/api'] = { target: dashboard, changeOrigin: false };

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Same reason as asyncUtilTimeout in setup.ts: a test's time limit is a hang detector, not a speed check.
    testTimeout: 30_000,
  },
});
