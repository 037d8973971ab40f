// `node scripts/kafka-fetch.mjs`: resolves the Apache Kafka broker's jars (pinned in
// deploy/local/kafka/pom.xml) from Maven Central into .cache/kafka once, so that CI fails
// here, with the reason, rather than inside the first Kafka test.
import { ensureKafkaJars } from './kafka-broker.mjs';

const started = Date.now();
const libs = await ensureKafkaJars({ log: (line) => console.log(line) });
console.log(`kafka: broker artifacts ready in ${libs} (${Date.now() - started} ms)`);
