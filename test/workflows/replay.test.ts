/**
 * Replays the recorded lifecycles in histories/ (see record-histories.ts) against the current
 * workflow code: a change that would make running requests nondeterministic fails here first.
 */
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_REVISIONS } from '../../domain/lifecycle.ts';
import { workflowsPath } from '../../services/worker/worker.ts';
import { testDataConverter } from '../support/stack.ts';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('replaying recorded request histories', function () {
  this.timeout(60_000);

  it('replays every recorded lifecycle, recorded in plaintext before the payload codec, through the codec without a nondeterminism error', async () => {
    const files = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();
    expect(files, 'recorded histories').to.have.length.at.least(3);
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(fs.readFileSync(path.join(historiesDir, f), 'utf8')) as Record<string, unknown>),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, dataConverter: testDataConverter() }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).to.deep.equal([]);
  });

  const patchesOf = (file: string): string[] => {
    const h = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')) as { events: Array<{ markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: Array<{ data?: string }> }> } }> };
    return h.events
      .map((e) => e.markerRecordedEventAttributes)
      .filter((m) => m?.markerName === 'core_patch')
      .map((m) => (JSON.parse(Buffer.from(m!.details?.['patch-data']?.payloads?.[0]?.data ?? '', 'base64').toString('utf8')) as { id: string }).id);
  };

  it('replays a recorded request of every rules revision, each with exactly the markers of its revision (a running request keeps its rules)', () => {
    const requestFiles = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json') && !/^(memo|repair-work|consultation)/.test(f));
    const revisionOf = (file: string): number => {
      const markers = new Set(patchesOf(file));
      let revision = 1;
      for (const r of RULE_REVISIONS) if (r.marker !== undefined && markers.has(r.marker)) revision = r.revision;
      return revision;
    };
    const recorded = new Set(requestFiles.map(revisionOf));
    // Every revision has at least one recorded request, replayed by the first test.
    expect([...recorded].sort(), 'a recorded request of each revision').to.deep.equal(RULE_REVISIONS.map((r) => r.revision));
    expect(revisionOf('plain-lifecycle.json')).to.equal(1);
    expect(revisionOf('corrected-control-original.json')).to.equal(2);
    expect(patchesOf('revision-3-lifecycle.json'), 'revision 3 asks its marker once, at the start').to.deep.equal(['lifecycle-corrections-2']);
  });

  it('5.7 replays a memo approved before the clock on ICT (no patch marker) and one approved under it (memo-ict-clock-1)', () => {
    // Both are replayed by the test above; here: they are the two sides of the patch.
    expect(patchesOf('memo-lifecycle.json'), 'recorded before the clock on ICT').to.deep.equal([]);
    expect(patchesOf('memo-ict-clock.json'), 'recorded with the reminder to ICT and the escalation').to.deep.equal(['memo-ict-clock-1']);
  });

  it('keeps an ordinary lifecycle well under 200 history events (register, accept, comment, propose, review, rate, complete)', () => {
    const plain = JSON.parse(fs.readFileSync(path.join(historiesDir, 'plain-lifecycle.json'), 'utf8')) as { events: unknown[] };
    expect(plain.events.length).to.be.below(200);
  });
});
