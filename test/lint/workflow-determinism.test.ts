import { expect } from 'chai';
import { ESLint } from 'eslint';

// The files need not exist: ESLint lints the text as if it stood at these paths. (typescript-eslint
// keeps one project service per process, so every test declares the same default-project files.)
const FIXTURE = 'workflows/lint-fixture.ts';
const SERVICE_FIXTURE = 'services/lint-fixture.ts';

async function ruleMessages(code: string, filePath = FIXTURE): Promise<string[]> {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: [FIXTURE, SERVICE_FIXTURE] } } } },
  });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('the lint rule that keeps workflows deterministic', function () {
  this.timeout(60_000);

  it('refuses Node built-ins, mongoose, NATS, winston and the Temporal client in workflow code', async () => {
    const messages = await ruleMessages(
      [
        "import fs from 'node:fs';",
        "import mongoose from 'mongoose';",
        "import { connect } from '@nats-io/transport-node';",
        "import winston from 'winston';",
        "import { Client } from '@temporalio/client';",
        'export const all = [fs, mongoose, connect, winston, Client];',
      ].join('\n'),
    );
    for (const what of ['node:fs', 'mongoose', '@nats-io/transport-node', 'winston', '@temporalio/client']) {
      expect(messages.some((m) => m.startsWith('no-restricted-imports') && m.includes(`'${what}'`)), what).to.equal(true);
    }
  });

  it('refuses a value import of activities, and accepts the type import workflows use', async () => {
    expect(await ruleMessages("import { createActivities } from '../activities/index.ts';\nexport const f = createActivities;\n")).to.include(
      'no-restricted-syntax: import activities with `import type` only',
    );
    expect(await ruleMessages("import type { Activities } from '../activities/index.ts';\nexport type A = Activities;\n")).to.deep.equal([]);
  });

  it('lets the same imports stand in a service, where side effects belong', async () => {
    const messages = await ruleMessages("import fs from 'node:fs';\nimport mongoose from 'mongoose';\nexport const all = [fs, mongoose];\n", SERVICE_FIXTURE);
    expect(messages).to.deep.equal([]);
  });
});
