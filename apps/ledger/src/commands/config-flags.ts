/** CLI flags override the matching LEDGER_* variables; the config schema validates both. */
export function configFromFlags(flags: { port?: string; host?: string; dataDir?: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(flags.port !== undefined ? { LEDGER_PORT: flags.port } : {}),
    ...(flags.host !== undefined ? { LEDGER_HOST: flags.host } : {}),
    ...(flags.dataDir !== undefined ? { LEDGER_DATA_DIR: flags.dataDir } : {}),
  };
}
