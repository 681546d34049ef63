/**
 * The C library's allocator gives each thread that allocates its own arena (up to eight per
 * core), and memory freed in an arena stays in it: `dove mirror` compresses and renders in
 * several threads, and a full copy of 10,000 publications stayed 50-80 MB lower with two arenas
 * (docs/mirror.md). The allocator reads `MALLOC_ARENA_MAX` once, when the process starts, so
 * setting it from JavaScript is too late: the command replaces itself with the same command
 * under that setting (`execve`: the same process, not a second one beside it).
 */
export const MIRROR_MALLOC_ARENAS = '2';

/**
 * The crawl's thread makes much short-lived garbage (each page's links and messages), and V8
 * grows its young generation as far as it lets it: 128 MB reserved on a copy of 10,000
 * publications, more than the crawl's old generation (50 MB). Bounded here, given with the
 * restart (V8 reads it when the heap is made); the rendering threads have bounds of their own.
 */
export const MIRROR_V8_FLAGS = ['--max-semi-space-size=16'];

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
  const flags = MIRROR_V8_FLAGS.filter((flag) => !execArgv.some((given) => given.startsWith(flag.split('=')[0]!)));
  execve(process.execPath, [process.execPath, ...flags, ...execArgv, ...argv.slice(1)], { ...env, MALLOC_ARENA_MAX: MIRROR_MALLOC_ARENAS });
}
