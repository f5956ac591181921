/** Every log line written inside a span carries the trace's ids, so one registration's lines can be found in every process's log. */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../platform/logger.ts';
import { inSpan, installTracing, uninstallTracing } from '../../platform/tracing.ts';

describe('log lines and traces', () => {
  const exporter = new InMemorySpanExporter();
  before(() => void installTracing({ service: 'log-trace-test', exporter }));
  after(() => uninstallTracing());

  const capture = (): { logger: winston.Logger; lines: Record<string, unknown>[] } => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: 'log-trace-test', json: true, level: 'info' });
    logger.clear();
    logger.add(
      new winston.transports.Stream({
        stream: new Writable({
          write(chunk: Buffer, _enc, done) {
            lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
            done();
          },
        }),
      }),
    );
    return { logger, lines };
  };

  it('writes the trace_id and span_id of the span a line is written in, and none outside a span', async () => {
    const { logger, lines } = capture();
    logger.info('before');
    const ids = await inSpan('work', {}, async (span) => {
      await new Promise((r) => setImmediate(r));
      logger.info('inside, after an await');
      return span.spanContext();
    });
    expect(lines).to.have.length(2);
    expect(lines[0]).to.not.have.property('trace_id');
    expect(lines[1]).to.include({ message: 'inside, after an await', trace_id: ids.traceId, span_id: ids.spanId });
  });
});
