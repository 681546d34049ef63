import { spawn } from 'node:child_process';
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

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dove <args>` from the sources to the end, with `stdin` typed in, and collects its output. */
export function runDove(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, doveArgs(...args), { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
