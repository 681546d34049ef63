import readline from 'node:readline';

/**
 * Reads passwords for the command line without echoing them. On a terminal each is typed in
 * raw mode; from a pipe (scripts, tests) one password per line is read.
 */
export async function readPasswords(prompts: string[]): Promise<string[]> {
  if (!process.stdin.isTTY) return readLinesFromPipe(prompts.length);
  const answers: string[] = [];
  for (const prompt of prompts) answers.push(await readHidden(prompt));
  return answers;
}

async function readLinesFromPipe(count: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === count) break;
  }
  rl.close();
  while (lines.length < count) lines.push('');
  return lines;
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

function readHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === CTRL_D) return done();
        if (ch === CTRL_C) return done(new Error('Cancelled.'));
        if (BACKSPACE.has(ch)) value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
