/**
 * The deployment files (docker-compose.yml, deploy/k8s, Dockerfile) against the apps' own
 * configuration schemas. Every MCP Ledger container is recognised by its command (mcp-ledger
 * up / migrate / topics / demo, the projector's and the API's main.js) and checked: each
 * LEDGER_* key it sets is a key of that app's schema; the values (with ${VAR:-default}
 * and $(VAR) resolved, deploy-time values replaced by plausible placeholders) pass the app's
 * own parser; the services it needs exist and are waited for; health checks and probes
 * target the port the app listens on. Checks return problems as sentences naming file,
 * service/container and key; the last block feeds them broken copies to prove they bite.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { ApiConfigSchema, ConfigError, configKeys, kafkaBrokers, parseEnvConfig, ProjectorConfigSchema } from '@mcp-ledger/config';
import { LedgerConfigSchema } from '@mcp-ledger/embedded-ledger';

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const K8S_DIR = join(ROOT, 'deploy', 'k8s');
const DOCKERFILE = join(ROOT, 'Dockerfile');
const TOPICS_FILE = join(ROOT, 'deploy', 'kafka', 'topics.json');
const EVENTS_TOPIC = 'mcp-ledger.events.v1';

// ------------------------------------------------------------------------------- apps

type AppName = 'mcp-ledger up' | 'mcp-ledger migrate' | 'mcp-ledger topics' | 'mcp-ledger demo' | 'projector' | 'api';

interface AppSpec {
  /** How the app is recognised in a container's command line. */
  pattern: RegExp;
  /** The schema its process parses LEDGER_* with (demo reads none). */
  schema?: z.ZodObject;
  /** Keys of the HTTP listener that orchestrator health checks must reach. */
  listen?: { portKey: 'LEDGER_PORT' | 'LEDGER_HEALTH_PORT'; hostKey: 'LEDGER_HOST' | 'LEDGER_HEALTH_HOST' };
  /** Needs the ClickHouse schema (migrate) / the Kafka topics (topics) before it starts. */
  needs: Array<'mcp-ledger migrate' | 'mcp-ledger topics'>;
}

const APPS: Record<AppName, AppSpec> = {
  'mcp-ledger up': {
    pattern: /mcp-ledger(?:\.js)?\s+up\b/,
    schema: LedgerConfigSchema,
    listen: { portKey: 'LEDGER_PORT', hostKey: 'LEDGER_HOST' },
    needs: ['mcp-ledger topics'],
  },
  'mcp-ledger migrate': { pattern: /mcp-ledger(?:\.js)?\s+migrate\b/, schema: LedgerConfigSchema, needs: [] },
  // `topics` reads only LEDGER_KAFKA_BROKERS, a key of the CLI's (ledger) schema.
  'mcp-ledger topics': { pattern: /mcp-ledger(?:\.js)?\s+topics\b/, schema: LedgerConfigSchema, needs: [] },
  'mcp-ledger demo': { pattern: /mcp-ledger(?:\.js)?\s+demo\b/, needs: ['mcp-ledger topics'] },
  projector: {
    pattern: /dist\/apps\/projector\/src\/main\.js\b/,
    schema: ProjectorConfigSchema,
    listen: { portKey: 'LEDGER_HEALTH_PORT', hostKey: 'LEDGER_HEALTH_HOST' },
    needs: ['mcp-ledger migrate', 'mcp-ledger topics'],
  },
  api: {
    pattern: /dist\/apps\/api\/src\/main\.js\b/,
    schema: ApiConfigSchema,
    listen: { portKey: 'LEDGER_PORT', hostKey: 'LEDGER_HOST' },
    needs: ['mcp-ledger migrate'],
  },
};

function appsIn(commandLine: string): AppName[] {
  return (Object.keys(APPS) as AppName[]).filter((name) => APPS[name].pattern.test(commandLine));
}

/** Every `mcp-ledger <sub> --flag value …` in a command line (also inside `sh -c "… && …"`). */
function ledgerInvocations(commandLine: string): Array<{ sub: string; flags: Map<string, string | undefined> }> {
  const found: Array<{ sub: string; flags: Map<string, string | undefined> }> = [];
  for (const match of commandLine.matchAll(/mcp-ledger(?:\.js)?\s+([a-z]+)((?:\s+(?!&&|\|\||;)[^\s;&|]+)*)/g)) {
    const tokens = (match[2] ?? '').trim().split(/\s+/).filter(Boolean);
    const flags = new Map<string, string | undefined>();
    tokens.forEach((token, i) => {
      if (!token.startsWith('-')) return;
      const [flag, inline] = token.split('=', 2) as [string, string | undefined];
      const next = tokens[i + 1];
      flags.set(flag, inline ?? (next !== undefined && !next.startsWith('-') ? next : undefined));
    });
    found.push({ sub: match[1]!, flags });
  }
  return found;
}

const LISTEN_ANYWHERE = new Set(['0.0.0.0', '::']);

/** A plausible value for a key whose value is only known at deploy time. */
function placeholderFor(key: string): string {
  if (key.endsWith('_URL')) return 'http://placeholder.invalid:8123';
  if (key.endsWith('_PORT')) return '4000';
  if (key.endsWith('_BROKERS')) return 'placeholder.invalid:9092';
  if (key.endsWith('_BYTES')) return '1048576';
  if (key.endsWith('_TOKEN')) return 'placeholder-token-of-at-least-32-characters';
  return 'placeholder';
}

interface ContainerCheck {
  /** e.g. `docker-compose.yml services.api` */
  where: string;
  apps: AppName[];
  /** LEDGER_* (and other) variables as the process will see them, placeholders filled in. */
  env: Record<string, string>;
}

/**
 * Keys against the schema, values through the apps' own parser. Returns the parsed
 * config of each app (for port checks) and the problems.
 */
function checkEnv(container: ContainerCheck, problems: string[]): Map<AppName, Record<string, unknown>> {
  const configs = new Map<AppName, Record<string, unknown>>();
  for (const app of container.apps) {
    const schema = APPS[app].schema;
    if (!schema) continue;
    const keys = new Set(configKeys(schema));
    for (const key of Object.keys(container.env)) {
      if (key.startsWith('LEDGER_') && !keys.has(key)) {
        problems.push(`${container.where}: ${key} is not a setting of ${app} (its schema accepts ${[...keys].join(', ')})`);
      }
    }
    try {
      configs.set(app, parseEnvConfig(schema, container.env) as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) problems.push(`${container.where}: ${app} would refuse its configuration: ${problem}`);
    }
  }
  return configs;
}

function checkBrokerList(where: string, source: string, value: string | undefined, problems: string[]): string[] {
  const parsed = kafkaBrokers.safeParse(value ?? '');
  if (!parsed.success) {
    problems.push(`${where}: ${source} ${JSON.stringify(value)} is not a broker list (${parsed.error.issues[0]?.message})`);
    return [];
  }
  return parsed.data;
}

/** The broker lists a container uses: LEDGER_KAFKA_BROKERS and the CLI's --brokers / --kafka. */
function brokersOf(container: ContainerCheck, commandLine: string, problems: string[]): string[] {
  const brokers: string[] = [];
  if (container.env['LEDGER_KAFKA_BROKERS'] !== undefined) {
    brokers.push(...checkBrokerList(container.where, 'LEDGER_KAFKA_BROKERS', container.env['LEDGER_KAFKA_BROKERS'], problems));
  }
  for (const { sub, flags } of ledgerInvocations(commandLine)) {
    for (const flag of ['--brokers', '-b', '--kafka', '-k']) {
      if (flags.has(flag)) brokers.push(...checkBrokerList(container.where, `mcp-ledger ${sub} ${flag}`, flags.get(flag), problems));
    }
  }
  return brokers;
}

// ---------------------------------------------------------------------------- compose

const EnvValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const StringOrList = z.union([z.string(), z.array(z.string())]);

const ComposeService = z
  .object({
    image: z.string().optional(),
    build: z.unknown().optional(),
    command: StringOrList.optional(),
    entrypoint: StringOrList.optional(),
    environment: z.union([z.record(z.string(), EnvValue), z.array(z.string())]).optional(),
    env_file: z.unknown().optional(),
    depends_on: z
      .union([z.array(z.string()), z.record(z.string(), z.object({ condition: z.string().optional() }).loose())])
      .optional(),
    healthcheck: z.object({ test: StringOrList.optional(), disable: z.boolean().optional() }).loose().optional(),
    ports: z.array(z.union([z.string(), z.number(), z.object({ target: z.number() }).loose()])).optional(),
    container_name: z.string().optional(),
    restart: z.string().optional(),
    deploy: z.object({ replicas: z.number().optional() }).loose().optional(),
  })
  .loose();
type ComposeService = z.infer<typeof ComposeService>;
const ComposeFile = z.object({ name: z.string().optional(), services: z.record(z.string(), ComposeService) }).loose();
type ComposeFile = z.infer<typeof ComposeFile>;

function readCompose(file = COMPOSE_FILE): ComposeFile {
  return ComposeFile.parse(parse(readFileSync(file, 'utf8')));
}

/** Compose interpolation: `${VAR:-default}` → default, `${VAR}` / `${VAR:?err}` → placeholder, `$$` → `$`. */
function interpolate(value: string, placeholder: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, _n, op?: string, arg?: string) => {
    if (match === '$$') return '$';
    if (op === ':-' || op === '-') return arg ?? '';
    return placeholder;
  });
}

const commandText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' ') : (value ?? ''));

function composeEnv(service: ComposeService): Record<string, string> {
  const entries: Array<[string, string]> = Array.isArray(service.environment)
    ? service.environment.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, interpolate(value, placeholderFor(key))]));
}

function dependsOn(service: ComposeService): Map<string, string> {
  const deps = service.depends_on;
  if (!deps) return new Map();
  if (Array.isArray(deps)) return new Map(deps.map((name) => [name, 'service_started']));
  return new Map(Object.entries(deps).map(([name, spec]) => [name, spec.condition ?? 'service_started']));
}

/** URLs in a healthcheck command, e.g. fetch('http://127.0.0.1:4001/healthz'). */
function urlsIn(text: string): URL[] {
  return [...text.matchAll(/https?:\/\/[^\s'"`)]+/g)].map((match) => new URL(match[0]));
}

const containerPortOf = (port: string | number | { target: number }): number | undefined => {
  if (typeof port === 'number') return port;
  if (typeof port === 'object') return port.target;
  const last = port.replace(/\/(tcp|udp)$/, '').split(':').pop();
  return last === undefined ? undefined : Number(last);
};

function eventsTopicPartitions(file = TOPICS_FILE): number {
  const topics = z
    .object({ topics: z.array(z.object({ name: z.string(), partitions: z.number() }).loose()) })
    .loose()
    .parse(JSON.parse(readFileSync(file, 'utf8')));
  const events = topics.topics.find((topic) => topic.name === EVENTS_TOPIC);
  if (!events) throw new Error(`${file} declares no ${EVENTS_TOPIC}`);
  return events.partitions;
}

interface CheckResult {
  problems: string[];
  /** Containers recognised as apps (for the test to assert the checks saw them all). */
  containers: ContainerCheck[];
  /** Every `mcp-ledger <sub>` flag used, to be checked against the CLI's own --help. */
  cliFlags: Map<string, Set<string>>;
}

function noteCliFlags(commandLine: string, cliFlags: Map<string, Set<string>>): void {
  for (const { sub, flags } of ledgerInvocations(commandLine)) {
    const known = cliFlags.get(sub) ?? new Set<string>();
    for (const flag of flags.keys()) known.add(flag);
    cliFlags.set(sub, known);
  }
}

const isLedgerImage = (image: string | undefined) => image !== undefined && /(^|\/)mcp-ledger(:|@|$)/.test(interpolate(image, 'x'));

function checkCompose(compose: ComposeFile, partitions = eventsTopicPartitions()): CheckResult {
  const problems: string[] = [];
  const containers: ContainerCheck[] = [];
  const cliFlags = new Map<string, Set<string>>();
  const services = compose.services;
  const appsOf = new Map(
    Object.entries(services).map(([name, s]) => [name, appsIn(`${commandText(s.entrypoint)} ${commandText(s.command)}`)] as const),
  );

  for (const [name, service] of Object.entries(services)) {
    const where = `docker-compose.yml services.${name}`;
    const commandLine = `${commandText(service.entrypoint)} ${commandText(service.command)}`;
    const apps = appsOf.get(name) ?? [];
    const deps = dependsOn(service);

    // depends_on: the service exists; the condition can be met.
    for (const [dep, condition] of deps) {
      const target = services[dep];
      if (!target) {
        problems.push(`${where}: depends_on ${dep}, which is not a service`);
        continue;
      }
      if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) {
        problems.push(`${where}: depends_on ${dep} with unknown condition ${condition}`);
      }
      if (condition === 'service_healthy' && (!target.healthcheck?.test || target.healthcheck.disable)) {
        problems.push(`${where}: waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      }
      if (condition === 'service_completed_successfully' && target.restart !== undefined && target.restart !== 'no') {
        problems.push(`${where}: waits for ${dep} to complete, but ${dep} restarts (${target.restart})`);
      }
    }

    if (apps.length === 0) {
      if (service.build !== undefined || isLedgerImage(service.image)) {
        problems.push(`${where}: runs the MCP Ledger image but no known app command (${commandLine.trim() || 'none'})`);
      }
      continue;
    }
    if (service.env_file !== undefined) problems.push(`${where}: uses env_file; set LEDGER_* under environment so they are checked`);

    const container: ContainerCheck = { where, apps, env: composeEnv(service) };
    containers.push(container);
    noteCliFlags(commandLine, cliFlags);
    const configs = checkEnv(container, problems);

    // The apps this one needs to have run first: migrate (schema) and topics.
    for (const app of apps) {
      for (const need of APPS[app].needs) {
        if (apps.includes(need)) continue;
        const satisfied = [...deps].some(([dep, condition]) => condition === 'service_completed_successfully' && appsOf.get(dep)?.includes(need));
        if (!satisfied) problems.push(`${where}: ${app} must wait (service_completed_successfully) for a service running ${need}`);
      }
    }

    // Kafka: each broker is a service it waits for, advertised under that host:port.
    for (const broker of brokersOf(container, commandLine, problems)) {
      const [host, port] = broker.split(':') as [string, string];
      const target = services[host];
      if (!target) {
        problems.push(`${where}: Kafka broker ${broker} is not a compose service`);
        continue;
      }
      if (deps.get(host) !== 'service_healthy') problems.push(`${where}: uses Kafka at ${broker} but does not wait for ${host} to be healthy`);
      const advertised = composeEnv(target)['KAFKA_ADVERTISED_LISTENERS'] ?? '';
      if (!advertised.split(',').some((listener) => listener.trim().endsWith(`//${host}:${port}`))) {
        problems.push(`${where}: Kafka broker ${broker} is not among ${host}'s advertised listeners (${advertised})`);
      }
    }

    // ClickHouse: a service it waits for, on the port that service's healthcheck probes.
    const clickhouseUrl = container.env['LEDGER_CLICKHOUSE_URL'];
    if (clickhouseUrl !== undefined && URL.canParse(clickhouseUrl)) {
      const url = new URL(clickhouseUrl);
      const target = services[url.hostname];
      if (!target) {
        problems.push(`${where}: LEDGER_CLICKHOUSE_URL host ${url.hostname} is not a compose service`);
      } else {
        if (deps.get(url.hostname) !== 'service_healthy') problems.push(`${where}: uses ClickHouse at ${url.hostname} but does not wait for it to be healthy`);
        const probed = urlsIn(commandText(target.healthcheck?.test)).map((u) => u.port || (u.protocol === 'https:' ? '443' : '80'));
        const port = url.port || (url.protocol === 'https:' ? '443' : '80');
        if (!probed.includes(port)) problems.push(`${where}: LEDGER_CLICKHOUSE_URL port ${port} is not the port ${url.hostname}'s healthcheck probes (${probed.join(', ') || 'none'})`);
      }
    }

    // HTTP listeners: reachable from outside the container, probed where they listen.
    for (const app of apps) {
      const listen = APPS[app].listen;
      const config = configs.get(app);
      if (!listen || !config) continue;
      const port = String(config[listen.portKey]);
      const host = String(config[listen.hostKey]);
      if (!LISTEN_ANYWHERE.has(host)) problems.push(`${where}: ${listen.hostKey}=${host}: ${app} must listen on 0.0.0.0 to be reachable in a container`);
      const test = service.healthcheck?.disable ? '' : commandText(service.healthcheck?.test);
      const urls = urlsIn(test);
      if (urls.length === 0) problems.push(`${where}: ${app} has no healthcheck probing its /healthz`);
      for (const url of urls) {
        if (url.port !== port) problems.push(`${where}: healthcheck probes port ${url.port || '80'}, but ${app} listens on ${listen.portKey}=${port}`);
        if (url.pathname !== '/healthz') problems.push(`${where}: healthcheck probes ${url.pathname}, not /healthz`);
        if (!['127.0.0.1', 'localhost'].includes(url.hostname)) problems.push(`${where}: healthcheck probes ${url.hostname}; probe the container itself (127.0.0.1)`);
      }
      for (const published of service.ports ?? []) {
        const target = containerPortOf(published);
        if (String(target) !== port) problems.push(`${where}: publishes container port ${target}, but ${app} listens on ${listen.portKey}=${port}`);
      }
    }

    if (apps.includes('projector')) {
      if (service.container_name) problems.push(`${where}: container_name prevents scaling the projector`);
      if (service.ports?.length) problems.push(`${where}: published ports prevent scaling the projector`);
      const replicas = service.deploy?.replicas ?? 1;
      if (replicas > partitions) problems.push(`${where}: ${replicas} projector replicas for ${partitions} partitions of ${EVENTS_TOPIC}: the extra ones would idle`);
    }
  }
  return { problems, containers, cliFlags };
}

// -------------------------------------------------------------------------- kubernetes

const EnvVar = z
  .object({
    name: z.string(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    valueFrom: z
      .object({
        secretKeyRef: z.object({ name: z.string(), key: z.string() }).loose().optional(),
        configMapKeyRef: z.object({ name: z.string(), key: z.string(), optional: z.boolean().optional() }).loose().optional(),
        fieldRef: z.object({ fieldPath: z.string() }).loose().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
const Probe = z.object({ httpGet: z.object({ path: z.string().optional(), port: z.union([z.number(), z.string()]) }).loose().optional() }).loose();
const Container = z
  .object({
    name: z.string(),
    image: z.string().optional(),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z.array(EnvVar).optional(),
    envFrom: z
      .array(
        z
          .object({
            prefix: z.string().optional(),
            configMapRef: z.object({ name: z.string(), optional: z.boolean().optional() }).loose().optional(),
            secretRef: z.object({ name: z.string(), optional: z.boolean().optional() }).loose().optional(),
          })
          .loose(),
      )
      .optional(),
    ports: z.array(z.object({ name: z.string().optional(), containerPort: z.number() }).loose()).optional(),
    readinessProbe: Probe.optional(),
    livenessProbe: Probe.optional(),
    startupProbe: Probe.optional(),
    resources: z.object({ requests: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).loose().optional(),
    securityContext: z.object({ runAsNonRoot: z.boolean().optional() }).loose().optional(),
  })
  .loose();
type Container = z.infer<typeof Container>;
const PodSpec = z
  .object({
    containers: z.array(Container),
    initContainers: z.array(Container).optional(),
    securityContext: z.object({ runAsNonRoot: z.boolean().optional() }).loose().optional(),
  })
  .loose();
const PodTemplate = z.object({ metadata: z.object({ labels: z.record(z.string(), z.string()).optional() }).loose().optional(), spec: PodSpec }).loose();
const Resource = z.object({ apiVersion: z.string(), kind: z.string(), metadata: z.object({ name: z.string() }).loose() }).loose();
type Resource = z.infer<typeof Resource>;

const Kustomization = z
  .object({
    resources: z.array(z.string()).optional(),
    configMapGenerator: z
      .array(z.object({ name: z.string(), literals: z.array(z.string()).optional(), envs: z.array(z.string()).optional() }).loose())
      .optional(),
    secretGenerator: z.array(z.object({ name: z.string(), literals: z.array(z.string()).optional(), envs: z.array(z.string()).optional() }).loose()).optional(),
  })
  .loose();
type Kustomization = z.infer<typeof Kustomization>;

interface K8sBundle {
  kustomization: Kustomization;
  /** Resources the kustomization applies, with the file each came from. */
  resources: Array<{ file: string; resource: Resource }>;
  /** Secrets that exist only as examples (created out of band): names → keys. */
  exampleSecrets: Map<string, Record<string, string>>;
}

const yamlDocuments = (file: string): unknown[] =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as unknown)
    .filter((doc) => doc !== null && doc !== undefined);

function readK8s(dir = K8S_DIR): K8sBundle {
  const kustomization = Kustomization.parse(parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')));
  const resources: K8sBundle['resources'] = [];
  for (const entry of kustomization.resources ?? []) {
    const file = join(dir, entry);
    if (!existsSync(file)) throw new Error(`kustomization.yaml lists ${entry}, which does not exist`);
    for (const doc of yamlDocuments(file)) resources.push({ file: entry, resource: Resource.parse(doc) });
  }
  const exampleSecrets = new Map<string, Record<string, string>>();
  for (const name of readdirSync(dir).filter((f) => /\.example\.ya?ml$/.test(f))) {
    for (const doc of yamlDocuments(join(dir, name))) {
      const secret = z.object({ kind: z.literal('Secret'), metadata: z.object({ name: z.string() }).loose(), stringData: z.record(z.string(), z.string()) }).loose().safeParse(doc);
      if (secret.success) exampleSecrets.set(secret.data.metadata.name, secret.data.stringData);
    }
  }
  return { kustomization, resources, exampleSecrets };
}

function keyValues(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}

function generated(entries: Kustomization['configMapGenerator'], dir: string): Map<string, Record<string, string>> {
  const maps = new Map<string, Record<string, string>>();
  for (const entry of entries ?? []) {
    const fromFiles = (entry.envs ?? []).map((file) => keyValues(readFileSync(join(dir, file), 'utf8').split('\n')));
    maps.set(entry.name, Object.assign({}, maps.get(entry.name), ...fromFiles, keyValues(entry.literals ?? [])));
  }
  return maps;
}

const podTemplateOf = (resource: Resource): z.infer<typeof PodTemplate> | undefined => {
  const spec = (resource as { spec?: { template?: unknown; jobTemplate?: { spec?: { template?: unknown } } } }).spec;
  const template = resource.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template : spec?.template;
  return template === undefined ? undefined : PodTemplate.parse(template);
};

function expandK8sVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name: string) => env[name] ?? match);
}

function checkK8s(bundle: K8sBundle, partitions = eventsTopicPartitions(), dir = K8S_DIR): CheckResult {
  const problems: string[] = [];
  const containers: ContainerCheck[] = [];
  const cliFlags = new Map<string, Set<string>>();

  const configMaps = generated(bundle.kustomization.configMapGenerator, dir);
  const secrets = generated(bundle.kustomization.secretGenerator, dir);
  for (const { resource } of bundle.resources) {
    const data = (resource as { data?: Record<string, string>; stringData?: Record<string, string> }).data;
    if (resource.kind === 'ConfigMap') configMaps.set(resource.metadata.name, { ...data });
    if (resource.kind === 'Secret') secrets.set(resource.metadata.name, { ...data, ...(resource as { stringData?: Record<string, string> }).stringData });
  }
  for (const [name, keys] of bundle.exampleSecrets) if (!secrets.has(name)) secrets.set(name, keys);

  const workloads: Array<{ where: string; labels: Record<string, string>; containers: Container[] }> = [];

  for (const { file, resource } of bundle.resources) {
    const template = podTemplateOf(resource);
    if (!template) continue;
    const podNonRoot = template.spec.securityContext?.runAsNonRoot === true;
    workloads.push({ where: `deploy/k8s/${file} ${resource.kind}/${resource.metadata.name}`, labels: template.metadata?.labels ?? {}, containers: template.spec.containers });

    for (const c of [...(template.spec.initContainers ?? []), ...template.spec.containers]) {
      const where = `deploy/k8s/${file} ${resource.kind}/${resource.metadata.name} container ${c.name}`;
      // The environment as the kubelet builds it: envFrom first, env entries override.
      const env: Record<string, string> = {};
      const secretSourced = new Set<string>();
      for (const from of c.envFrom ?? []) {
        const prefix = from.prefix ?? '';
        if (from.configMapRef) {
          const map = configMaps.get(from.configMapRef.name);
          if (!map && !from.configMapRef.optional) problems.push(`${where}: envFrom ConfigMap ${from.configMapRef.name} is not defined`);
          for (const [key, value] of Object.entries(map ?? {})) env[prefix + key] = value;
        }
        if (from.secretRef) {
          const secret = secrets.get(from.secretRef.name);
          if (!secret && !from.secretRef.optional) problems.push(`${where}: envFrom Secret ${from.secretRef.name} is neither generated nor documented in a *.example.yaml`);
          for (const key of Object.keys(secret ?? {})) {
            env[prefix + key] = placeholderFor(key);
            secretSourced.add(prefix + key);
          }
        }
      }
      for (const variable of c.env ?? []) {
        secretSourced.delete(variable.name);
        const from = variable.valueFrom;
        if (variable.value !== undefined) env[variable.name] = String(variable.value);
        else if (from?.secretKeyRef) {
          if (!secrets.get(from.secretKeyRef.name)) problems.push(`${where}: ${variable.name} reads Secret ${from.secretKeyRef.name}, which is neither generated nor documented in a *.example.yaml`);
          env[variable.name] = placeholderFor(variable.name);
          secretSourced.add(variable.name);
        } else if (from?.configMapKeyRef) {
          const value = configMaps.get(from.configMapKeyRef.name)?.[from.configMapKeyRef.key];
          if (value === undefined && !from.configMapKeyRef.optional) problems.push(`${where}: ${variable.name} reads ${from.configMapKeyRef.name}/${from.configMapKeyRef.key}, which is not defined`);
          if (value !== undefined) env[variable.name] = value;
        } else {
          env[variable.name] = placeholderFor(variable.name);
        }
      }

      const commandLine = expandK8sVars([...(c.command ?? []), ...(c.args ?? [])].join(' '), env);
      const apps = appsIn(commandLine);
      if (apps.length === 0) {
        if (isLedgerImage(c.image)) problems.push(`${where}: runs the MCP Ledger image but no known app command (${commandLine || 'image default'})`);
        continue;
      }
      const container: ContainerCheck = { where, apps, env };
      containers.push(container);
      noteCliFlags(commandLine, cliFlags);
      const configs = checkEnv(container, problems);
      brokersOf(container, commandLine, problems);

      for (const key of Object.keys(env)) {
        if (/PASSWORD|SECRET|TOKEN/.test(key) && !secretSourced.has(key)) problems.push(`${where}: ${key} must come from a Secret, not a literal or ConfigMap`);
      }
      if (!podNonRoot && c.securityContext?.runAsNonRoot !== true) problems.push(`${where}: set runAsNonRoot`);
      for (const resourceName of ['cpu', 'memory']) {
        if (c.resources?.requests?.[resourceName] === undefined) problems.push(`${where}: no ${resourceName} request`);
      }

      const portNumber = (port: number | string): number | undefined =>
        typeof port === 'number' ? port : /^\d+$/.test(port) ? Number(port) : c.ports?.find((p) => p.name === port)?.containerPort;
      for (const app of apps) {
        const listen = APPS[app].listen;
        const config = configs.get(app);
        if (!listen || !config) continue;
        const port = Number(config[listen.portKey]);
        const host = String(config[listen.hostKey]);
        if (!LISTEN_ANYWHERE.has(host)) problems.push(`${where}: ${listen.hostKey}=${host}: the kubelet probes the pod IP, so ${app} must listen on 0.0.0.0`);
        if (!c.ports?.some((p) => p.containerPort === port)) problems.push(`${where}: declares no containerPort ${port} (${listen.portKey})`);
        for (const kind of ['readinessProbe', 'livenessProbe'] as const) {
          const probe = c[kind]?.httpGet;
          if (!probe) {
            problems.push(`${where}: ${app} has no ${kind} on /healthz`);
            continue;
          }
          if (probe.path !== '/healthz') problems.push(`${where}: ${kind} probes ${probe.path ?? '/'}, not /healthz`);
          const probed = portNumber(probe.port);
          if (probed !== port) problems.push(`${where}: ${kind} probes port ${probe.port} (${probed ?? 'no such port'}), but ${app} listens on ${listen.portKey}=${port}`);
        }
        const startup = c.startupProbe?.httpGet;
        if (startup && portNumber(startup.port) !== port) problems.push(`${where}: startupProbe probes port ${startup.port}, but ${app} listens on ${port}`);
      }

      if (apps.includes('projector') && resource.kind === 'Deployment') {
        const replicas = (resource as { spec?: { replicas?: number } }).spec?.replicas ?? 1;
        if (replicas > partitions) problems.push(`${where}: ${replicas} projector replicas for ${partitions} partitions of ${EVENTS_TOPIC}: the extra ones would idle`);
      }
    }
  }

  // Services: select a workload and target one of its container ports.
  for (const { file, resource } of bundle.resources) {
    if (resource.kind !== 'Service') continue;
    const where = `deploy/k8s/${file} Service/${resource.metadata.name}`;
    const spec = z
      .object({ selector: z.record(z.string(), z.string()).optional(), ports: z.array(z.object({ port: z.number(), targetPort: z.union([z.number(), z.string()]).optional() }).loose()) })
      .loose()
      .parse((resource as { spec?: unknown }).spec);
    const selected = workloads.filter((w) => Object.entries(spec.selector ?? {}).every(([k, v]) => w.labels[k] === v));
    if (selected.length === 0) {
      problems.push(`${where}: its selector matches no pod template`);
      continue;
    }
    for (const port of spec.ports) {
      const target = port.targetPort ?? port.port;
      const ok = selected.some((w) => w.containers.some((c) => c.ports?.some((p) => p.containerPort === target || p.name === target)));
      if (!ok) problems.push(`${where}: targetPort ${target} is no container port of ${selected.map((w) => w.where).join(', ')}`);
    }
  }
  return { problems, containers, cliFlags };
}

// -------------------------------------------------------------------------- Dockerfile

/** The runtime (last) stage's instructions, with line continuations joined. */
function dockerfileRuntimeStage(file = DOCKERFILE): string[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const lastFrom = lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true);
  return lines.slice(lastFrom);
}

/** `ENV A=1 B="two"` instructions of the runtime stage. */
function dockerfileEnv(stage: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stage.filter((l) => /^ENV\s/i.test(l))) {
    for (const match of line.slice(3).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[match[1]!] = match[3] ?? match[2]!;
  }
  return env;
}


// ------------------------------------------------------------------------------- tests

const CLI = join(ROOT, 'apps', 'ledger', 'bin', 'mcp-ledger.js');

interface MutableEnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface MutableContainer {
  name: string;
  env?: MutableEnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string } }>;
}
interface MutableWorkload {
  spec: { replicas?: number; template: { spec: { containers: MutableContainer[] } } };
}

function resourceNamed<T>(bundle: K8sBundle, kind: string, name: string): T {
  const found = bundle.resources.find(({ resource }) => resource.kind === kind && resource.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in deploy/k8s`);
  return found.resource as unknown as T;
}
const firstContainer = (bundle: K8sBundle, deployment: string) =>
  resourceNamed<MutableWorkload>(bundle, 'Deployment', deployment).spec.template.spec.containers[0]!;
function setEnv(container: MutableContainer, name: string, value: string): void {
  container.env = [...(container.env ?? []).filter((v) => v.name !== name), { name, value }];
}
const literalsOf = (bundle: K8sBundle, name: string): string[] => {
  const generator = bundle.kustomization.configMapGenerator?.find((g) => g.name === name);
  if (!generator?.literals) throw new Error(`no configMapGenerator ${name} with literals`);
  return generator.literals;
};
const serviceEnv = (compose: ComposeFile, service: string): Record<string, unknown> => {
  const spec = compose.services[service];
  if (!spec || Array.isArray(spec.environment) || !spec.environment) throw new Error(`services.${service} has no environment map`);
  return spec.environment;
};

describe("deployment files against the apps' configuration schemas", () => {
  const partitions = eventsTopicPartitions();
  const compose = readCompose();
  const k8s = readK8s();

  describe('docker-compose.yml', () => {
    it('sets only keys each app accepts, with values it parses, waits for what it uses, and probes the ports apps listen on', () => {
      expect(checkCompose(compose, partitions).problems).toEqual([]);
    });

    it('recognises every MCP Ledger service by its command', () => {
      const apps = Object.fromEntries(checkCompose(compose, partitions).containers.map((c) => [c.where.replace(/^.*services\./, ''), c.apps]));
      expect(apps).toEqual({
        migrate: ['mcp-ledger migrate', 'mcp-ledger topics'],
        projector: ['projector'],
        api: ['api'],
        ingest: ['mcp-ledger up'],
        demo: ['mcp-ledger demo'],
      });
      expect(serviceEnv(compose, 'ingest')['LEDGER_MODE']).toBe('gateway');
    });

    it('runs Kafka in KRaft mode from the same Apache Kafka release as the local broker, without topic auto-creation', () => {
      const kafka = compose.services['kafka']!;
      const pomVersion = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml'), 'utf8'))?.[1];
      expect(kafka.image).toBe(`apache/kafka:${pomVersion}`);
      const env = serviceEnv(compose, 'kafka');
      expect(String(env['KAFKA_PROCESS_ROLES']).split(',').sort()).toEqual(['broker', 'controller']);
      expect(String(env['KAFKA_AUTO_CREATE_TOPICS_ENABLE'])).toBe('false');
      expect(commandText(compose.services['clickhouse']!.healthcheck?.test)).toContain('/ping');
    });
  });

  describe('deploy/k8s', () => {
    it('sets only keys each app accepts, keeps the password in a Secret, and probes /healthz where apps listen', () => {
      expect(checkK8s(k8s, partitions).problems).toEqual([]);
    });

    it('runs the projector ×3, the API ×2, the ingest gateway ×2 and a migrate + topics Job', () => {
      const replicas = (name: string) => resourceNamed<MutableWorkload>(k8s, 'Deployment', name).spec.replicas;
      expect([replicas('mcp-ledger-projector'), replicas('mcp-ledger-api'), replicas('mcp-ledger-ingest')]).toEqual([3, 2, 2]);
      const apps = checkK8s(k8s, partitions).containers.map((c) => `${c.where.replace(/^deploy\/k8s\/\S+ /, '')}: ${c.apps.join('+')}`);
      expect(apps.sort()).toEqual([
        'Deployment/mcp-ledger-api container api: api',
        'Deployment/mcp-ledger-ingest container ingest: mcp-ledger up',
        'Deployment/mcp-ledger-projector container projector: projector',
        'Job/mcp-ledger-migrate container migrate: mcp-ledger migrate',
        'Job/mcp-ledger-migrate container topics: mcp-ledger topics',
      ]);
      expect(firstContainer(k8s, 'mcp-ledger-ingest').env?.find((v) => v.name === 'LEDGER_MODE')?.value).toBe('gateway');
    });
  });

  describe('Dockerfile', () => {
    const stage = dockerfileRuntimeStage();

    it('builds on node:20-bookworm-slim and runs as a non-root user', () => {
      expect(readFileSync(DOCKERFILE, 'utf8')).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
      const user = stage.filter((line) => /^USER\s/i.test(line)).pop();
      expect(user).toBeDefined();
      expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    });

    it('sets only LEDGER_* variables that every app accepts, with values they parse', () => {
      const env = dockerfileEnv(stage);
      for (const schema of [LedgerConfigSchema, ProjectorConfigSchema, ApiConfigSchema]) {
        for (const [key, value] of Object.entries(env).filter(([key]) => key.startsWith('LEDGER_'))) {
          expect(configKeys(schema), `image ENV ${key}`).toContain(key);
          expect(schema.shape[key as keyof typeof schema.shape].safeParse(value).success, `image ENV ${key}=${value}`).toBe(true);
        }
      }
    });

    it('ships what the processes read at run time, and the entrypoints the deployment files start exist', () => {
      const copies = stage.filter((line) => /^COPY\s/i.test(line)).join('\n');
      for (const path of ['dist/apps', 'dist/libs', 'node_modules', 'apps/ledger/bin', 'deploy/clickhouse/migrations', 'deploy/kafka/topics.json']) {
        expect(copies, `runtime stage copies ${path}`).toContain(`/app/${path} `);
      }
      for (const entry of ['apps/ledger/bin/mcp-ledger.js', 'dist/apps/projector/src/main.js', 'dist/apps/api/src/main.js']) {
        expect(existsSync(join(ROOT, entry)), entry).toBe(true);
      }
      const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
      for (const needed of ['apps', 'libs', 'scripts', 'deploy', 'deploy/clickhouse', 'deploy/kafka', 'package.json', 'package-lock.json', 'tsconfig.base.json']) {
        expect(ignored, `.dockerignore keeps ${needed}`).not.toContain(needed);
      }
      expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git']));
    });
  });

  it('passes the CLI only flags it accepts', () => {
    const flags = new Map<string, Set<string>>();
    for (const result of [checkCompose(compose, partitions), checkK8s(k8s, partitions)]) {
      for (const [sub, used] of result.cliFlags) flags.set(sub, new Set([...(flags.get(sub) ?? []), ...used]));
    }
    expect([...flags.keys()].sort()).toEqual(['demo', 'migrate', 'topics', 'up']);
    for (const [sub, used] of flags) {
      const help = execFileSync(process.execPath, [CLI, sub, '--help'], { encoding: 'utf8', timeout: 60_000 });
      for (const flag of used) expect(help, `mcp-ledger ${sub} ${flag}`).toMatch(new RegExp(`(^|[\\s,])${flag}([\\s,=]|$)`, 'm'));
    }
  });

  describe('the checks are not vacuous: a broken copy is reported', () => {
    const composeCases: Array<[string, (c: ComposeFile) => void, RegExp]> = [
      ['a key no app has', (c) => (serviceEnv(c, 'api')['LEDGER_HEALTHCHECK_PORT'] = '4000'), /services\.api: LEDGER_HEALTHCHECK_PORT is not a setting of api/],
      ["another app's key", (c) => (serviceEnv(c, 'api')['LEDGER_KAFKA_GROUP_ID'] = 'x'), /services\.api: LEDGER_KAFKA_GROUP_ID is not a setting of api/],
      ['a value the schema refuses', (c) => (serviceEnv(c, 'projector')['LEDGER_HEALTH_PORT'] = 'health'), /services\.projector: projector would refuse .*LEDGER_HEALTH_PORT/],
      ['a gateway without brokers', (c) => delete serviceEnv(c, 'ingest')['LEDGER_KAFKA_BROKERS'], /services\.ingest: mcp-ledger up would refuse .*LEDGER_KAFKA_BROKERS/],
      ['a healthcheck on another port', (c) => (serviceEnv(c, 'api')['LEDGER_PORT'] = 4010), /services\.api: healthcheck probes port 4000, but api listens on LEDGER_PORT=4010/],
      ['a loopback-only listener', (c) => (serviceEnv(c, 'projector')['LEDGER_HEALTH_HOST'] = '127.0.0.1'), /services\.projector: LEDGER_HEALTH_HOST=127\.0\.0\.1/],
      ['a dependency that does not exist', (c) => ((c.services['projector']!.depends_on as Record<string, object>)['clickhose'] = { condition: 'service_healthy' }), /depends_on clickhose, which is not a service/],
      ['not waiting for migrations', (c) => delete (c.services['api']!.depends_on as Record<string, object>)['migrate'], /services\.api: api must wait .* mcp-ledger migrate/],
      ['a broker port not advertised', (c) => (serviceEnv(c, 'projector')['LEDGER_KAFKA_BROKERS'] = 'kafka:9092'), /services\.projector: Kafka broker kafka:9092 is not among kafka's advertised listeners/],
      ['a ClickHouse host that is no service', (c) => (serviceEnv(c, 'api')['LEDGER_CLICKHOUSE_URL'] = 'http://clickhouse-server:8123'), /services\.api: LEDGER_CLICKHOUSE_URL host clickhouse-server/],
      ['a fixed projector container name', (c) => (c.services['projector']!.container_name = 'projector'), /container_name prevents scaling/],
      ['more projectors than partitions', (c) => (c.services['projector']!.deploy = { replicas: 7 }), /7 projector replicas for 6 partitions/],
      ['a ledger container the test cannot recognise', (c) => (c.services['worker'] = { image: 'mcp-ledger:local', command: ['node', 'dist/apps/worker/main.js'] }), /services\.worker: runs the MCP Ledger image but no known app command/],
    ];
    it.each(composeCases)('compose: %s', (_name, mutate, expected) => {
      const broken = structuredClone(compose);
      mutate(broken);
      const { problems } = checkCompose(broken, partitions);
      expect(problems.some((p) => expected.test(p)), problems.join('\n') || '(no problem reported)').toBe(true);
    });

    const k8sCases: Array<[string, (b: K8sBundle) => void, RegExp]> = [
      ["another app's key in a shared ConfigMap", (b) => literalsOf(b, 'mcp-ledger-runtime').push('LEDGER_KAFKA_GROUP_ID=x'), /Deployment\/mcp-ledger-api container api: LEDGER_KAFKA_GROUP_ID is not a setting of api/],
      ['a key no app has', (b) => setEnv(firstContainer(b, 'mcp-ledger-projector'), 'LEDGER_KAFKA_GROUP', 'x'), /mcp-ledger-projector container projector: LEDGER_KAFKA_GROUP is not a setting of projector/],
      ['a value the schema refuses', (b) => literalsOf(b, 'mcp-ledger-clickhouse').push('LEDGER_CLICKHOUSE_URL=clickhouse:8123'), /would refuse .*LEDGER_CLICKHOUSE_URL/],
      ['the password as a literal', (b) => setEnv(firstContainer(b, 'mcp-ledger-api'), 'LEDGER_CLICKHOUSE_PASSWORD', 'hunter2'), /LEDGER_CLICKHOUSE_PASSWORD must come from a Secret/],
      ['probes on another port', (b) => setEnv(firstContainer(b, 'mcp-ledger-ingest'), 'LEDGER_PORT', '4200'), /readinessProbe probes port http \(4100\), but mcp-ledger up listens on LEDGER_PORT=4200/],
      ['a ConfigMap that does not exist', (b) => firstContainer(b, 'mcp-ledger-api').envFrom!.push({ configMapRef: { name: 'mcp-ledger-typo' } }), /envFrom ConfigMap mcp-ledger-typo is not defined/],
      ['more projectors than partitions', (b) => (resourceNamed<MutableWorkload>(b, 'Deployment', 'mcp-ledger-projector').spec.replicas = 12), /12 projector replicas for 6 partitions/],
      [
        'a Service targeting no container port',
        (b) => (resourceNamed<{ spec: { ports: Array<{ targetPort: string }> } }>(b, 'Service', 'mcp-ledger-api').spec.ports[0]!.targetPort = 'htp'),
        /Service\/mcp-ledger-api: targetPort htp is no container port/,
      ],
    ];
    it.each(k8sCases)('k8s: %s', (_name, mutate, expected) => {
      const broken = structuredClone(k8s);
      mutate(broken);
      const { problems } = checkK8s(broken, partitions);
      expect(problems.some((p) => expected.test(p)), problems.join('\n') || '(no problem reported)').toBe(true);
    });
  });
});
