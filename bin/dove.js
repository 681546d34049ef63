#!/usr/bin/env node
// The `dove` command runs the compiled server in dist/ (`npm run build`); from a source
// checkout without a build, `npm run dev` or `npx tsx src/cli.ts` run the TypeScript instead.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('Dove is not built yet: run `npm run build` first (`npm start` builds it for you).');
  process.exit(1);
}
await import(cli.href);
