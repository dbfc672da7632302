/**
 * Starts the MongoDB wire-protocol stand-in (../shared/tools/mongo-wire/server.py, beside this
 * repository or a folder above it; MONGO_WIRE_SERVER overrides the path) on a free loopback port, for tests that need a
 * server of a particular kind (a standalone one, to check that it is refused).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** MONGO_WIRE_SERVER, else shared/tools/mongo-wire/server.py in the nearest folder above the repository that has it. */
export function mongoWireServerPath(): string {
  const fromEnv = process.env.MONGO_WIRE_SERVER;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`MONGO_WIRE_SERVER: no file at ${fromEnv}`);
    return fromEnv;
  }
  for (let dir = dirname(repoRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'tools', 'mongo-wire', 'server.py');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(
    'the MongoDB stand-in was not found: put the shared tools beside the repository ' +
      '(../shared/tools/mongo-wire/server.py) or set MONGO_WIRE_SERVER to its path',
  );
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface RunningStandIn {
  uri: string;
  stop(): Promise<void>;
}

/** Debian's python3 (with python3-mongomock and python3-pymongo); MONGO_WIRE_PYTHON overrides it. */
export async function startMongoWire(mode: 'standalone' | 'rs'): Promise<RunningStandIn> {
  const script = mongoWireServerPath();
  const port = await freePort();
  const python = process.env.MONGO_WIRE_PYTHON ?? '/usr/bin/python3';
  const child: ChildProcess = spawn(python, ['-u', script, String(port), ...(mode === 'rs' ? ['--rs'] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ok, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('listening')) ok();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the MongoDB stand-in exited (${code}) before listening: ${output.slice(-500)}`)));
  });
  child.removeAllListeners('exit');
  const uri = `mongodb://127.0.0.1:${port}/nghebot${mode === 'rs' ? '?replicaSet=rs0' : ''}`;
  return {
    uri,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
