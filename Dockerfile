# syntax=docker/dockerfile:1.7
#
# One image for every MCP Ledger process (ADR 0011). Pick the process with the command:
#
#   node apps/ledger/bin/mcp-ledger.js up            ingest gateway (LEDGER_MODE=gateway) or embedded ledger
#   node apps/ledger/bin/mcp-ledger.js migrate       ClickHouse migrations (one-shot)
#   node apps/ledger/bin/mcp-ledger.js topics …      Kafka topics from deploy/kafka/topics.json (one-shot)
#   node dist/apps/projector/src/main.js             Kafka consumer group member → ClickHouse
#   node dist/apps/api/src/main.js                   GraphQL read side
#
# Build: docker build -t mcp-ledger:local .
# Configuration is LEDGER_* environment variables only (see docs/distributed.md).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------- build
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NX_NO_CLOUD=true NX_DAEMON=false npm_config_update_notifier=false

# Dependencies first, so a source change does not reinstall them.
# `npm ci` is not usable: the committed lockfile lacks chdb's other-platform packages
# (see .ci/run); `npm install` with the same lockfile installs the same tree.
# --ignore-scripts: the root `prepare` script builds the sources, which are not copied
# yet; no production dependency needs an install script (chdb's is a no-op).
COPY package.json package-lock.json ./
COPY apps/ledger/package.json apps/ledger/package.json
RUN --mount=type=cache,target=/root/.npm \
    npm install --no-audit --no-fund --ignore-scripts

COPY . .
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# chDB's native library is an optional per-platform package. The lockfile only records
# linux-x64, so on another platform (linux/arm64) add the matching one after the prune.
# The apps load chdb at start even when LEDGER_CLICKHOUSE_URL is set.
RUN --mount=type=cache,target=/root/.npm \
    set -eu; \
    pkg="@chdb/lib-linux-$(node -p process.arch)-gnu"; \
    if [ ! -d "node_modules/${pkg}" ]; then \
      version="$(node -p "require('chdb/package.json').optionalDependencies['${pkg}'] || ''")"; \
      test -n "${version}" || { echo "chdb has no native package for $(node -p process.arch)" >&2; exit 1; }; \
      npm install --no-save --omit=dev --no-audit --no-fund --ignore-scripts "${pkg}@${version}"; \
    fi; \
    node -e "require('chdb/connection')"

# ---------------------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    LEDGER_ENV=production \
    LEDGER_DATA_DIR=/data

# Only what the processes read at run time: compiled code, production dependencies,
# the CLI launcher, ClickHouse migrations and the Kafka topic declarations (both found
# by walking up from dist/, so they must sit under /app/deploy), and the provenance
# page's static files (found the same way, under /app/apps/ledger/ui; served at /ui/).
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/apps ./dist/apps
COPY --from=build /app/dist/libs ./dist/libs
COPY --from=build /app/apps/ledger/package.json ./apps/ledger/package.json
COPY --from=build /app/apps/ledger/bin ./apps/ledger/bin
COPY --from=build /app/apps/ledger/ui ./apps/ledger/ui
COPY --from=build /app/deploy/clickhouse/migrations ./deploy/clickhouse/migrations
COPY --from=build /app/deploy/kafka/topics.json ./deploy/kafka/topics.json

# Non-root: the image's `node` user (uid 1000). Code stays root-owned and read-only;
# /data is the only writable place (the embedded engine's directory when `up` runs
# without LEDGER_CLICKHOUSE_URL; unused in the distributed mode).
RUN mkdir -p /data && chown node:node /data
USER node

# 4000: GraphQL API / ingest (LEDGER_PORT); 4001: projector health (LEDGER_HEALTH_PORT)
EXPOSE 4000 4001

# Node is PID 1: every long-running process installs SIGTERM handlers (NestJS shutdown
# hooks; the projector's consumer finishes its batch, commits and leaves the group).
CMD ["node", "apps/ledger/bin/mcp-ledger.js", "--help"]
