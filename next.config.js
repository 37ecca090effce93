/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon, and quickjs-emscripten loads its WebAssembly file
  // from its own package folder: load both with Node's require at run time.
  serverExternalPackages: ['better-sqlite3', 'quickjs-emscripten', 'quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  // The Code node's sandbox worker (lib/nodes/code/sandbox-worker.mjs) is not bundled:
  // pool.ts starts it by path from the app directory, and it imports quickjs-emscripten
  // from node_modules itself.
  poweredByHeader: false,
  reactStrictMode: true,
  // Dev server: keep compiled routes in memory; evicting them while live streams and
  // demo endpoints are in use made pages reload in a loop.
  onDemandEntries: { maxInactiveAge: 60 * 60 * 1000, pagesBufferLength: 100 },
  experimental: {
    // Next.js copies the body of a request that runs the proxy (proxy.ts) into memory, up to
    // this size, and drops the rest (default 10 MB). The proxy never reads a body, and the
    // only requests with a body that still run it are paths with malformed percent-encoding
    // (answered 400): keep the copy small so slow uploads to such paths hold no memory.
    proxyClientMaxBodySize: '64kb',
  },
};

export default nextConfig;
