/**
 * The temporal-namespace one-shot of docker-compose.yml (infra/compose/temporal/setup-namespace.sh),
 * run with the real Temporal CLI against the real Temporal server of the test stack, with the
 * environment the compose file gives it.
 */
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { SEARCH_ATTRIBUTES } from '../../contracts/wire.ts';
import { testStack } from '../support/stack.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const IVT = proto.temporal.api.enums.v1.IndexedValueType;
const typeName = { [IVT.INDEXED_VALUE_TYPE_KEYWORD]: 'Keyword', [IVT.INDEXED_VALUE_TYPE_DATETIME]: 'Datetime', [IVT.INDEXED_VALUE_TYPE_BOOL]: 'Bool' } as Record<number, string>;

/** The one-shot's environment as docker-compose.yml writes it (no ${…} in these values). */
function composeEnvironment(): Record<string, string> {
  const compose = z
    .object({ services: z.record(z.string(), z.looseObject({ environment: z.record(z.string(), z.unknown()).optional() })) })
    .parse(parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }));
  return Object.fromEntries(Object.entries(compose.services['temporal-namespace']?.environment ?? {}).map(([k, v]) => [k, String(v)]));
}

function runSetup(env: Record<string, string>): Promise<{ code: number; out: string }> {
  const cli = testStack().TEMPORAL_CLI_PATH;
  return new Promise((resolve) => {
    execFile('sh', [path.join(root, 'infra/compose/temporal/setup-namespace.sh')], {
      env: { ...process.env, ...env, PATH: `${path.dirname(cli)}:${process.env.PATH ?? ''}`, HOME: process.env.HOME ?? '/tmp' },
    }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }));
  });
}

describe('the temporal-namespace one-shot (infra/compose/temporal/setup-namespace.sh)', function () {
  this.timeout(120_000);

  it('creates the namespace with its retention and the search attributes of contracts/wire.ts, and changes nothing when run again', async () => {
    const namespace = `compose-${randomUUID().slice(0, 8)}`;
    const env: Record<string, string> = { ...composeEnvironment(), TEMPORAL_ADDRESS: testStack().TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: namespace, TEMPORAL_RETENTION: '3d' };
    expect(env.TEMPORAL_SEARCH_ATTRIBUTES, 'the compose file lists the attributes').to.be.a('string');

    const first = await runSetup(env);
    expect(first.code, first.out).to.equal(0);
    const again = await runSetup(env);
    expect(again.code, again.out).to.equal(0);
    expect(again.out).to.contain(`namespace: ${namespace} exists`);

    const connection = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace });
      expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).to.equal(3 * 24 * 3600);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const registered = Object.fromEntries(
        Object.keys(SEARCH_ATTRIBUTES).map((name) => [name, typeName[customAttributes?.[name] ?? -1] ?? 'missing']),
      );
      expect(registered).to.deep.equal(SEARCH_ATTRIBUTES);
    } finally {
      await connection.close();
    }
  });

  it('fails, naming the variable, when the compose file gives it no namespace', async () => {
    const res = await runSetup({ ...composeEnvironment(), TEMPORAL_ADDRESS: testStack().TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: '' });
    expect(res.code).to.not.equal(0);
    expect(res.out).to.contain('TEMPORAL_NAMESPACE');
  });
});
