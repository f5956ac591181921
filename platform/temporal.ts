/** Temporal plumbing shared by the processes: connections, search attributes, the SDK's logger. */
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../contracts/wire.ts';

const IVT = proto.temporal.api.enums.v1.IndexedValueType;
const typeOf = {
  Keyword: IVT.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: IVT.INDEXED_VALUE_TYPE_DATETIME,
  Bool: IVT.INDEXED_VALUE_TYPE_BOOL,
} as const;

/** Registers the custom search attributes the Temporal UI filters requests by (missing ones only). */
export async function ensureSearchAttributes(opts: { address?: string; connection?: Connection; namespace?: string }): Promise<void> {
  const namespace = opts.namespace ?? 'default';
  const conn = opts.connection ?? (await Connection.connect({ address: opts.address }));
  try {
    const existing = await conn.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in (existing.customAttributes ?? {})));
    if (missing.length === 0) return;
    await conn.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, typeOf[type]])),
    });
  } finally {
    if (!opts.connection) await conn.close();
  }
}
