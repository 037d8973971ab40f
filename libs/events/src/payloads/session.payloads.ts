import { z } from 'zod';

const Implementation = z.object({ name: z.string(), version: z.string().optional(), title: z.string().optional() }).passthrough();

const CredentialName = z.string().min(1).max(256);

/** Credentials a proxied server was started with: names of environment variables and OAuth scopes, never values. */
export const SessionCredentials = z
  .object({
    /** Names of environment variables passed to the server that hold credentials. */
    env: z.array(CredentialName).max(256),
    /** OAuth scopes granted to the server, when known. */
    oauth_scopes: z.array(CredentialName).max(256).optional(),
  })
  .strict();

/** From the `initialize` handshake (or the first message when the emitter joins late). */
export const SessionStartedData = z
  .object({
    'mcp.session.id': z.string().optional(),
    'mcp.protocol.version': z.string().optional(),
    client_info: Implementation.optional(),
    server_info: Implementation.optional(),
    client_capabilities: z.record(z.string(), z.unknown()).optional(),
    server_capabilities: z.record(z.string(), z.unknown()).optional(),
    instructions_hash: z.string().optional(),
    /** An identifier the host or an importer uses for this session (e.g. a trace id). */
    external_id: z.string().max(256).optional(),
    /**
     * The standing access the server was started with, as names only (never values):
     * environment variables that look like credentials, and OAuth scopes when known.
     */
    credentials: SessionCredentials.optional(),
  })
  .strict();

export const SessionEndedData = z
  .object({
    reason: z.enum(['closed', 'error', 'emitter_shutdown']),
    error: z.string().optional(),
  })
  .strict();
