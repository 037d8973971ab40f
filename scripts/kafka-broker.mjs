// A single-node Apache Kafka (KRaft, combined broker + controller) on 127.0.0.1, run from
// Apache Kafka's own jars on Maven Central with the installed JDK — there is no Docker on
// these machines (docs/adr/0010-local-kafka-from-maven.md). Used by `npm run kafka:up`,
// `npm run kafka:down` and by test/support/kafka-broker.ts; the types are in kafka-broker.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The Maven project that pins the broker's version (the only place to bump it). */
export const KAFKA_POM = join(workspaceRoot, 'deploy', 'local', 'kafka', 'pom.xml');
export const DEFAULT_CACHE_DIR = join(workspaceRoot, '.cache', 'kafka');

const READY_LINE = 'Kafka Server started';
const HOST = '127.0.0.1';

/** Java or Maven is missing or broken: the message says what to install. Never a reason to skip. */
export class KafkaToolchainError extends Error {
  name = 'KafkaToolchainError';
}

function javaCommand() {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function requireTool(command, args, what) {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const reason = probe.error ? probe.error.message : `exit ${probe.status}: ${probe.stderr.trim()}`;
    throw new KafkaToolchainError(
      `The local Kafka broker needs ${what}, but \`${command} ${args.join(' ')}\` failed (${reason}). ` +
        'Install a JDK 17+ and Maven 3.8+ (Debian: apt-get install -y openjdk-17-jdk-headless maven), ' +
        'or set JAVA_HOME. See docs/adr/0010-local-kafka-from-maven.md.',
    );
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return error.code === 'EPERM';
  }
}

/**
 * Serialises Maven runs across processes (vitest runs test files in parallel forks, and
 * two `mvn` writing the same ~/.m2 files at once can corrupt them). A lock directory
 * holding the owner's pid; a lock whose owner died is taken over.
 */
async function withLock(lockDir, fn, timeoutMs = 10 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  await mkdir(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => '0'));
      if (owner > 0 && !isAlive(owner)) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir} (held by pid ${owner})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/**
 * Resolves the broker's runtime jars into `<cacheDir>/libs-<hash of pom.xml>/` once; a
 * changed pom gets a new directory, so a version bump never mixes jars.
 * @returns {Promise<string>} the directory holding the jars
 */
export async function ensureKafkaJars({ cacheDir = DEFAULT_CACHE_DIR, log = () => {} } = {}) {
  const pomHash = createHash('sha256').update(readFileSync(KAFKA_POM)).digest('hex').slice(0, 12);
  const libsDir = join(cacheDir, `libs-${pomHash}`);
  const marker = join(libsDir, '.complete');
  if (existsSync(marker)) return libsDir;
  return withLock(join(cacheDir, 'resolve.lock'), async () => {
    if (existsSync(marker)) return libsDir;
    requireTool('mvn', ['-v'], 'Apache Maven (to fetch Apache Kafka from Maven Central)');
    const staging = `${libsDir}.partial-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    log(`kafka: resolving Apache Kafka jars from Maven Central into ${libsDir} ...`);
    const started = Date.now();
    const mvn = spawnSync(
      'mvn',
      ['-q', '-B', '-f', KAFKA_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (mvn.error || mvn.status !== 0) {
      await rm(staging, { recursive: true, force: true });
      throw new KafkaToolchainError(
        `Resolving Apache Kafka with Maven failed (${mvn.error?.message ?? `exit ${mvn.status}`}):\n` +
          `${mvn.stdout}\n${mvn.stderr}`.trim(),
      );
    }
    await writeFile(join(staging, '.complete'), `${new Date().toISOString()}\n`);
    await rm(libsDir, { recursive: true, force: true });
    await rename(staging, libsDir);
    log(`kafka: jars resolved in ${Date.now() - started} ms`);
    return libsDir;
  });
}

/** A port that was free a moment ago (the broker binds it right after; a race is possible but rare). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64; Kafka itself rejects ones starting with '-'. */
function randomClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties({ port, controllerPort, logDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=${HOST}:${controllerPort}`,
    `listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${HOST}:${port},CONTROLLER://${HOST}:${controllerPort}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    // One node: every internal topic has one replica. Few partitions for the internal
    // topics, because creating the default 50 offsets partitions slows the first group join.
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'group.initial.rebalance.delay.ms=0',
    // Topics come from deploy/kafka/topics.json (ensureTopics); a typo must not create one.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    '',
  ].join('\n');
}

function log4jProperties() {
  return [
    'status = warn',
    'appender.out.type = Console',
    'appender.out.name = out',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.out.ref = out',
    // Config dumps and per-request chatter bury what matters in the log.
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = warn',
    'logger.clients.name = org.apache.kafka.clients',
    'logger.clients.level = warn',
    'logger.request.name = kafka.request.logger',
    'logger.request.level = warn',
    '',
  ].join('\n');
}

function runJava(classpath, args, log4jFile) {
  const result = spawnSync(
    javaCommand(),
    ['-Xmx256m', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${log4jFile}`, '-cp', classpath, ...args],
    { encoding: 'utf8' },
  );
  if (result.error || result.status !== 0) {
    throw new Error(`java ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Waits for the process to exit; SIGKILL after `timeoutMs`. Resolves with how it ended. */
export async function stopPid(pid, { timeoutMs = 30_000, signal = 'SIGTERM' } = {}) {
  if (!isAlive(pid)) return 'not-running';
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'stopped';
    await sleep(50);
  }
  process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

/**
 * Starts one broker. `dataDir` holds the KRaft storage, the generated configuration, the
 * chosen ports (`broker.json`, reused by later starts on the same directory so clients
 * keep their bootstrap address) and the broker's output (`broker.log`).
 */
export async function startKafkaBroker(options = {}) {
  const { cacheDir = DEFAULT_CACHE_DIR, detached = false, readyTimeoutMs = 90_000, log = () => {} } = options;
  requireTool(javaCommand(), ['-version'], 'a Java runtime (JDK 17+)');
  const libsDir = await ensureKafkaJars({ cacheDir, log });
  const classpath = join(libsDir, '*');
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mcp-ledger-kafka-')));
  await mkdir(dataDir, { recursive: true });

  const stateFile = join(dataDir, 'broker.json');
  const previous = existsSync(stateFile) ? JSON.parse(await readFile(stateFile, 'utf8')) : undefined;
  const port = options.port ?? previous?.port ?? (await freePort());
  let controllerPort = options.controllerPort ?? previous?.controllerPort ?? (await freePort());
  while (controllerPort === port) controllerPort = await freePort();
  const logDir = join(dataDir, 'kraft');
  const propertiesFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j2.properties');
  const logFile = join(dataDir, 'broker.log');
  await writeFile(propertiesFile, serverProperties({ port, controllerPort, logDir }));
  await writeFile(log4jFile, log4jProperties());

  if (!existsSync(join(logDir, 'meta.properties'))) {
    const clusterId = previous?.clusterId ?? randomClusterId();
    runJava(classpath, ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile, '--standalone'], log4jFile);
    await writeFile(stateFile, `${JSON.stringify({ port, controllerPort, clusterId }, null, 2)}\n`);
  } else if (!previous || previous.port !== port || previous.controllerPort !== controllerPort) {
    // The formatted voter set records the controller endpoint: keep the ports stable.
    throw new Error(`${dataDir} was formatted for other ports (${JSON.stringify(previous)}); reuse them or use a fresh dataDir`);
  }

  const bootstrap = `${HOST}:${port}`;
  let child;

  async function launch() {
    for (const p of [port, controllerPort]) {
      if (!(await portIsFree(p))) throw new Error(`Kafka port ${HOST}:${p} is in use by another process`);
    }
    const logStart = existsSync(logFile) ? (await stat(logFile)).size : 0;
    const out = openSync(logFile, 'a');
    const started = Date.now();
    try {
      child = spawn(
        javaCommand(),
        [
          '-Xms128m',
          '-Xmx256m',
          '-XX:+UseSerialGC',
          '-XX:+ExitOnOutOfMemoryError',
          '-Djava.awt.headless=true',
          `-Dlog4j2.configurationFile=${log4jFile}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          propertiesFile,
        ],
        { detached, stdio: ['ignore', out, out], env: { ...process.env, CLASSPATH: '' } },
      );
    } finally {
      closeSync(out);
    }
    const current = child;
    let exited = null;
    current.once('exit', (code, signal) => (exited = { code, signal }));
    if (detached) current.unref();

    const handle = await open(logFile, 'r');
    try {
      let offset = logStart;
      let seen = '';
      while (Date.now() - started < readyTimeoutMs) {
        const { size } = await handle.stat();
        if (size > offset) {
          const chunk = Buffer.alloc(size - offset);
          await handle.read(chunk, 0, chunk.length, offset);
          offset = size;
          seen = (seen + chunk.toString('utf8')).slice(-64 * 1024);
        }
        if (seen.includes(READY_LINE) && (await canConnect(port))) return Date.now() - started;
        if (exited) break;
        await sleep(100);
      }
      const reason = exited ? `exited (code ${exited.code}, signal ${exited.signal})` : `not ready in ${readyTimeoutMs} ms`;
      if (!exited && current.pid) await stopPid(current.pid, { signal: 'SIGKILL' });
      throw new Error(`Kafka broker ${reason}; last output (${logFile}):\n${seen.slice(-4000)}`);
    } finally {
      await handle.close();
    }
  }

  const killOnExit = () => child?.pid && child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  // A test process that dies must not leave its broker running; `kafka:up` detaches on purpose.
  if (!detached) process.on('exit', killOnExit);

  async function terminate(signal, timeoutMs) {
    const current = child;
    if (!current?.pid || current.exitCode !== null || current.signalCode !== null) return;
    const done = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    const timer = setTimeout(() => current.kill('SIGKILL'), timeoutMs);
    await done;
    clearTimeout(timer);
  }

  const startupMs = await launch();
  log(`kafka: broker on ${bootstrap} ready in ${startupMs} ms (data ${dataDir})`);

  return {
    bootstrap,
    port,
    controllerPort,
    dataDir,
    logFile,
    get pid() {
      return child?.pid;
    },
    startupMs,
    /** SIGTERM (controlled shutdown, log flushed), SIGKILL after `timeoutMs`. */
    stop: (timeoutMs = 30_000) => terminate('SIGTERM', timeoutMs),
    /** SIGKILL: what a crash or an OOM kill does; the next start recovers the log (slower). */
    kill: () => terminate('SIGKILL', 5_000),
    /** Starts again on the same ports and data; stops a running broker first. */
    restart: async () => {
      await terminate('SIGTERM', 30_000);
      return launch();
    },
    /** Stops the broker and forgets the exit hook; removes `dataDir` when asked. */
    dispose: async ({ removeData = false } = {}) => {
      await terminate('SIGTERM', 30_000);
      process.off('exit', killOnExit);
      if (removeData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
