// Compiles apps/, libs/ and bench/ to dist/ (CommonJS) with SWC, mirroring the source tree
// so that rewritten path aliases stay valid. Type checking is `npm run typecheck`'s job.
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { swcOptions, workspaceRoot } from './swc-options.mjs';

const SOURCE_ROOTS = ['apps', 'libs', 'bench', 'tools'];
const outRoot = join(workspaceRoot, 'dist');

async function* sourceFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sourceFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(entry.name)) {
      yield path;
    }
  }
}

const options = swcOptions();
let count = 0;
const started = Date.now();
for (const root of SOURCE_ROOTS) {
  for await (const file of sourceFiles(join(workspaceRoot, root))) {
    const outFile = join(outRoot, relative(workspaceRoot, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { ...options, filename: file, outputPath: outFile });
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, map ? `${code}\n//# sourceMappingURL=${outFile.split('/').pop()}.map\n` : code);
    if (map) await writeFile(`${outFile}.map`, map);
    count += 1;
  }
}
console.log(`build: ${count} files compiled to dist/ in ${Date.now() - started} ms`);
