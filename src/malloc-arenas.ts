/**
 * The C library's allocator gives each thread that allocates its own arena (up to eight per
 * core), and memory freed in an arena stays in it: `dove mirror` compresses and renders in
 * several threads, and a full copy of 10,000 publications stayed 50-80 MB lower with two arenas
 * (docs/mirror.md). The allocator reads `MALLOC_ARENA_MAX` once, when the process starts, so
 * setting it from JavaScript is too late: the command replaces itself with the same command
 * under that setting (`execve`: the same process, not a second one beside it).
 */
export const MIRROR_MALLOC_ARENAS = '2';

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

/** `dove mirror <dir>` (not `verify`, which runs in one thread), unless the setting is already given (a value of one's own is kept). */
export function wantsFewerArenas(args: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return args[0] === 'mirror' && args[1] !== 'verify' && env.MALLOC_ARENA_MAX === undefined;
}

/**
 * Restarts the process under `MALLOC_ARENA_MAX` when `wantsFewerArenas`; returns only when it
 * does not (where `execve` is missing, as on Windows, the command runs as it is).
 */
export function restartWithFewerArenas(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
  execve: Execve | null = typeof process.execve === 'function' ? process.execve.bind(process) : null,
): void {
  if (!execve || !wantsFewerArenas(argv.slice(2), env)) return;
  execve(process.execPath, [process.execPath, ...execArgv, ...argv.slice(1)], { ...env, MALLOC_ARENA_MAX: MIRROR_MALLOC_ARENAS });
}
