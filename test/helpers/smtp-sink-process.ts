/**
 * An SMTP sink as its own process, for benchmarks: `fork()` this file (with tsx), wait for
 * `{ port }`, send `'stats'` to get `{ received, unique, duplicates, firstAt, lastAt }` back,
 * and `'stop'` (or kill it) to end it. Messages are counted by Message-ID, not kept.
 */
import { SMTPServer } from 'smtp-server';

const seen = new Set<string>();
let received = 0;
let firstAt = 0;
let lastAt = 0;

const server = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `missing-${received}`;
      received++;
      seen.add(id);
      lastAt = Date.now();
      if (!firstAt) firstAt = lastAt;
      callback();
    });
  },
});
server.on('error', () => {
  // A sender that goes away abruptly is not the sink's problem.
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address() as { port: number };
  process.send?.({ port });
});

process.on('message', (message) => {
  if (message === 'stats') {
    process.send?.({ received, unique: seen.size, duplicates: received - seen.size, firstAt, lastAt });
  } else if (message === 'stop') {
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
