import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as MinioClient } from 'minio';
import { stat } from 'node:fs/promises';
import { SEARCH_ATTRIBUTES, connectionsFromEnv } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { describe as describeStack, down, restartMinio, status, up } from './stack';
import { isAlive } from './lock';

// The global setup brought up (or found) the real Temporal dev server and MinIO; these tests talk
// to them through the same SEISDEC_* environment a worker would read.
const { temporal: temporalConn, store } = connectionsFromEnv(process.env);

describe('the running dev stack', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: temporalConn.address });
  });
  afterAll(async () => {
    await connection.close();
  });

  it('answers a Temporal client that lists namespaces', async () => {
    const response = await connection.workflowService.listNamespaces({});
    const names = response.namespaces.map((n) => n.namespaceInfo?.name);
    expect(names).toContain(temporalConn.namespace);
  });

  it('has every seisdec search attribute registered with its type', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: temporalConn.namespace });
    for (const [name, kind] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect(temporal.api.enums.v1.IndexedValueType[customAttributes[name] as number]).toBe(`INDEXED_VALUE_TYPE_${kind.toUpperCase()}`);
    }
  });

  it('round-trips an object through MinIO via libs/store', async () => {
    const blobs = createBlobStore(store);
    const key = `devstack-spec/${process.pid}-${Date.now()}.txt`;
    await blobs.put(key, 'hello from the dev stack test');
    const keys: string[] = [];
    for await (const info of blobs.list('devstack-spec/')) keys.push(info.key);
    expect(keys).toContain(key);
    expect((await blobs.get(key)).toString()).toBe('hello from the dev stack test');
    await blobs.delete(key);
  });
});

describe('dev stack lifecycle (own profile)', () => {
  const profile = `lifecycle-${process.pid}`;
  afterAll(async () => {
    await down(profile, { purge: true });
  });

  it('starts healthy, keeps workflow histories and objects across a restart, and stops by PID', async () => {
    const first = await up({ profile });
    expect(first.started).toBe(true);
    const st = await status(profile);
    expect(st).toMatchObject({ temporal: { running: true, healthy: true, uiHealthy: true }, minio: { running: true, healthy: true } });

    // The Web UI serves its page.
    const ui = await fetch(first.state.temporal.uiUrl);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);

    // Credentials and the env file are private to the user.
    for (const file of [first.envFile, first.stateFile]) expect((await stat(file)).mode & 0o777).toBe(0o600);

    // Something to find after the restart: a workflow execution (no worker needed) and an object.
    const workflowId = `persist-${Date.now()}`;
    {
      const connection = await Connection.connect({ address: first.state.temporal.address });
      const client = new Client({ connection });
      await client.workflow.start('persistenceProbe', { taskQueue: 'no-worker-polls-this', workflowId, args: [] });
      await connection.close();
    }
    const { store: stackStore } = connectionsFromEnv(first.env);
    await createBlobStore(stackStore).put('persist/probe.txt', 'still here');

    // A second `up` finds it running and changes nothing.
    expect((await up({ profile })).started).toBe(false);

    await down(profile);
    expect(isAlive(first.state.temporal.pid)).toBe(false);
    expect(isAlive(first.state.minio.pid)).toBe(false);
    expect((await status(profile)).temporal.running).toBe(false);

    const second = await up({ profile });
    expect(second.started).toBe(true);
    expect(second.state.temporal.uiPort).toBe(first.state.temporal.uiPort); // same bookmarkable URL
    expect(second.credentials).toEqual(first.credentials);
    const connection = await Connection.connect({ address: second.state.temporal.address });
    try {
      const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
      expect(description.type).toBe('persistenceProbe');
      expect(description.status.name).toBe('RUNNING');
    } finally {
      await connection.close();
    }
    expect((await createBlobStore(connectionsFromEnv(second.env).store).get('persist/probe.txt')).toString()).toBe('still here');
    expect((await describeStack(profile))?.state.temporal.pid).toBe(second.state.temporal.pid);

    // An object-store outage alone: MinIO goes down and comes back on the same port with its data.
    const restarted = await restartMinio(profile, 300);
    expect(restarted.minio.pid).not.toBe(second.state.minio.pid);
    expect(restarted.minio.port).toBe(second.state.minio.port);
    expect(isAlive(second.state.minio.pid)).toBe(false);
    expect(restarted.temporal.pid).toBe(second.state.temporal.pid);
    expect((await createBlobStore(connectionsFromEnv(second.env).store).get('persist/probe.txt')).toString()).toBe('still here');
  }, 120_000);

  it('refuses a configured port that is already taken, naming it', async () => {
    const running = await up({ profile });
    await expect(up({ profile: `${profile}-clash`, minioPort: running.state.minio.port })).rejects.toThrow(`MinIO API port ${running.state.minio.port} is already in use`);
    await down(`${profile}-clash`, { purge: true });
  }, 60_000);
});

describe('MinIO credentials', () => {
  it('are enforced by the real server', async () => {
    if (store.kind !== 'minio') throw new Error('expected a MinIO store');
    const wrong = new MinioClient({ endPoint: store.endPoint, port: store.port, useSSL: false, accessKey: store.accessKey, secretKey: 'not-the-secret-key' });
    await expect(wrong.listBuckets()).rejects.toThrow();
  });
});
