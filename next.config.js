/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships wasm and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "@node-rs/argon2", "@prisma/schema-engine-wasm", "sharp"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
