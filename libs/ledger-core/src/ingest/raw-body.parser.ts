import type { FastifyInstance } from 'fastify';
import { INGEST_PATH, type IngestOptions } from './ingest-options';

const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

/**
 * The ingest endpoint decodes its own body, so that malformed JSON gets the same
 * documented, per-item error answer as every other bad input (Fastify's default JSON
 * parser would answer first, in its own words). Every other route keeps Fastify's
 * hardened JSON parser.
 */
export function registerIngestBodyParsers(fastify: FastifyInstance, options: IngestOptions): void {
  const defaultJsonParser = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: options.maxRequestBytes },
    (request, body, done) => {
      if (request.routeOptions.url === INGEST_PATH) {
        done(null, body);
        return;
      }
      defaultJsonParser(request, body as string, done);
    },
  );
  fastify.addContentTypeParser(
    NDJSON_CONTENT_TYPES,
    { parseAs: 'string', bodyLimit: options.maxRequestBytes },
    (_request, body, done) => done(null, body),
  );
}
