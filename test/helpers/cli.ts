import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Node arguments that run the `dove` command from the TypeScript sources, so a test exercises
 * the code under test without a build: `spawn(process.execPath, [...doveArgs('migrate')])`.
 */
export function doveArgs(...args: string[]): string[] {
  return ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli.ts'), ...args];
}
