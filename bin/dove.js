#!/usr/bin/env node
// The `dove` command runs the compiled server in dist/ (`npm run build`); from a source
// checkout without a build, `npm run dev` or `npx tsx src/cli.ts` run the TypeScript instead.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('Dove is not built yet: run `npm run build` first (`npm start` builds it for you).');
  process.exit(1);
}
// Before anything else is loaded: `dove mirror` restarts itself with fewer allocator arenas (src/malloc-arenas.ts).
const { restartWithFewerArenas } = await import(new URL('../dist/malloc-arenas.js', import.meta.url).href);
restartWithFewerArenas();
await import(cli.href);
