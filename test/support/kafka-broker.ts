import { startKafkaBroker as start } from '../../scripts/kafka-broker.mjs';
export const x = start;
