import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Suites that start the real CLI in a child process need the compiled tree. */
export default function setup(): void {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
