import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message the sink accepted. */
export interface SinkMessage {
  mailFrom: string;
  rcptTo: string[];
  messageId: string;
  subject: string;
  raw: string | undefined;
}

export interface SmtpSinkOptions {
  /** Keep each message's full text (tests); a benchmark only counts. */
  keepRaw?: boolean;
  /** A reply code to refuse the connection with (e.g. 421), or undefined to accept. */
  onConnect?: () => number | undefined;
  /** A reply code to refuse MAIL FROM with, or undefined to accept. */
  onMailFrom?: (address: string) => number | undefined;
  /** A reply code to refuse this recipient with (e.g. 550), or undefined to accept. */
  onRcptTo?: (address: string) => number | undefined;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: SinkMessage[];
  /** Messages accepted per Message-ID: more than one is a duplicate. */
  countsByMessageId(): Map<string, number>;
  /** Replies refused by a hook, by code. */
  refusals: Map<number, number>;
  close(): Promise<void>;
}

function refusal(code: number): Error {
  const err = new Error(code >= 500 ? 'Mailbox unavailable' : 'Service not available, try again later') as Error & { responseCode: number };
  err.responseCode = code;
  return err;
}

function header(head: string, name: string): string {
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

/** A real SMTP server on 127.0.0.1 (random port) that records what it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const refusals = new Map<number, number>();
  const refuse = (code: number | undefined): Error | null => {
    if (code === undefined) return null;
    refusals.set(code, (refusals.get(code) ?? 0) + 1);
    return refusal(code);
  };
  const serverOptions: SMTPServerOptions = {
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 1000,
    onConnect(_session, callback) {
      callback(refuse(options.onConnect?.()));
    },
    onMailFrom(address, _session, callback) {
      callback(refuse(options.onMailFrom?.(address.address)));
    },
    onRcptTo(address, _session, callback) {
      callback(refuse(options.onRcptTo?.(address.address)));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        // Only the head is needed unless the test wants the whole message.
        if (options.keepRaw || size < 16_384) {
          chunks.push(chunk);
          size += chunk.length;
        }
      });
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          messageId: header(head, 'Message-ID'),
          subject: header(head, 'Subject'),
          raw: options.keepRaw ? text : undefined,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', () => {
    // A client that disconnects abruptly (a killed sender) is expected here.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refusals,
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
