// Stops the embedded PostgreSQL, if globalSetup had to start one.
module.exports = async function globalTeardown() {
  const pg = globalThis.__KW_EMBEDDED_PG__;
  if (pg) await pg.stop();
};
