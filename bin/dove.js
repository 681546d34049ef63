#!/usr/bin/env node
// The `dove` command runs the TypeScript sources directly through tsx, so a fresh
// clone needs no build step before `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
