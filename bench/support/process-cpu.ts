import { readFileSync } from 'node:fs';

/**
 * CPU time of another process (user + system, µs) from /proc/<pid>/stat, for splitting a
 * benchmark's cost between its child processes. Linux only: elsewhere `undefined`, and the
 * figures that need it are left out. Resolution is one clock tick (10 ms at the usual
 * USER_HZ of 100), so it is read around blocks of thousands of calls, not single calls.
 */
const TICK_MICROS = 10_000;

export function processCpuMicros(pid: number | null | undefined): number | undefined {
  if (pid === null || pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MICROS : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of a process (Linux), e.g. the server a proxy spawned. */
export function childPids(pid: number | null | undefined): number[] {
  if (pid === null || pid === undefined) return [];
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((text) => text.length > 0)
      .map(Number);
  } catch {
    return [];
  }
}
