/**
 * The Hosting configuration of a local run on the Emulator Suite: firebase.json's, whose
 * Content-Security-Policy lets the page reach its own origin and Google's Auth and Firestore
 * endpoints only, with the Auth and Firestore emulators of that run (firebase.json's
 * `emulators`, with the ports of the run) added to `connect-src`, and the run's trace
 * collector when it has one (the OTLP/HTTP endpoint a traced build of the PWA exports to). A
 * deployed site never names them. Plain TypeScript that Node.js 24 runs as it is, for the
 * scripts as for the tests.
 */
interface Emulator {
  host?: string;
  port?: number;
}
interface Header {
  key: string;
  value: string;
}
export interface FirebaseConfig {
  hosting?: { headers?: { source: string; headers: Header[] }[] } & Record<string, unknown>;
  emulators: { auth?: Emulator; firestore?: Emulator } & Record<string, unknown>;
}

const origin = ({ host = '127.0.0.1', port }: Emulator) => `http://${host}:${port}`;

/** `config` with its emulators' origins (and the collector's, given its URL) allowed to the page; the rest as it is. */
export function localHosting<C extends FirebaseConfig>(config: C, options: { collector?: string } = {}): C {
  const emulators = [config.emulators.auth, config.emulators.firestore].filter((e) => e?.port !== undefined);
  const allowed = [
    ...emulators.map((emulator) => origin(emulator!)),
    ...(options.collector ? [new URL(options.collector).origin] : []),
  ].join(' ');
  const withEmulators = (header: Header): Header =>
    header.key.toLowerCase() === 'content-security-policy'
      ? { ...header, value: header.value.replace(/(^|;\s*)connect-src ([^;]*)/, `$1connect-src $2 ${allowed}`) }
      : header;
  if (!config.hosting) return config;
  return {
    ...config,
    hosting: {
      ...config.hosting,
      headers: config.hosting.headers?.map((rule) => ({ ...rule, headers: rule.headers.map(withEmulators) })),
    },
  };
}
