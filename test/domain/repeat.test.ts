import { expect } from 'chai';
import { repeatKey, repeatLink, type ChainMember } from '../../domain/repeat.ts';

describe('9.2.3 the address a repeated request is matched by', () => {
  const at = { district: 'Саксаганський', street: 'вул. Героїв АТО', building: '12а' };

  it('9.2.3 matches the same category at the same building whatever the letter case and spacing typed', () => {
    expect(repeatKey('WATER-02', { district: ' Саксаганський', street: 'ВУЛ.  героїв   ато ', building: '12А' })).to.equal(repeatKey('WATER-02', at));
    expect(repeatKey('water-02', at)).to.equal(repeatKey('WATER-02', at));
  });

  it('9.2.3 tells apart another category, building, street or district, but not another apartment', () => {
    const key = repeatKey('WATER-02', at);
    expect(repeatKey('WATER-01', at)).to.not.equal(key);
    expect(repeatKey('WATER-02', { ...at, building: '12б' })).to.not.equal(key);
    expect(repeatKey('WATER-02', { ...at, street: 'вул. Героїв' })).to.not.equal(key);
    expect(repeatKey('WATER-02', { ...at, district: 'Покровський' })).to.not.equal(key);
    expect(repeatKey('WATER-02', { ...at, apartment: '7' } as typeof at)).to.equal(key);
  });
});

describe('9.2.3 the request a new repeat is linked to', () => {
  const req = (number: string, day: number, over: Partial<ChainMember> = {}): ChainMember => ({
    number,
    status: 'in_progress',
    registeredAt: `2026-03-0${day}T08:00:00.000Z`,
    repeatCount: 0,
    ...over,
  });
  const closed = (day: number) => ({ status: 'closed', closedAt: `2026-03-${10 + day}T08:00:00.000Z` });

  it('9.2.3 is a first request when the chain is empty', () => {
    expect(repeatLink([])).to.deep.equal({ repeatCount: 0 });
  });

  it('9.2.3 links to the oldest request while it is open, and counts past every repeat of the chain', () => {
    const chain = [req('KR-2', 2, { repeatCount: 1 }), req('KR-1', 1)];
    expect(repeatLink(chain)).to.deep.equal({ repeatOf: 'KR-1', repeatCount: 2 });
  });

  it('9.2.3 links to the open repeat, not to the closed request the chain began with', () => {
    const chain = [req('KR-1', 1, closed(1)), req('KR-2', 2, { repeatCount: 1 })];
    expect(repeatLink(chain)).to.deep.equal({ repeatOf: 'KR-2', repeatCount: 2 });
  });

  it('9.2.3 links to the oldest of the requests still open once earlier ones are closed', () => {
    const chain = [req('KR-1', 1, closed(1)), req('KR-2', 2, { ...closed(2), repeatCount: 1 }), req('KR-3', 3, { repeatCount: 2 }), req('KR-4', 4, { repeatCount: 3 })];
    expect(repeatLink(chain)).to.deep.equal({ repeatOf: 'KR-3', repeatCount: 4 });
  });

  it('9.2.3 links to the request closed last when the whole chain is closed', () => {
    const chain = [req('KR-1', 1, closed(5)), req('KR-2', 2, { ...closed(3), repeatCount: 1 }), req('KR-3', 3, { ...closed(4), repeatCount: 2 })];
    expect(repeatLink(chain)).to.deep.equal({ repeatOf: 'KR-1', repeatCount: 3 });
    expect(repeatLink(chain.slice(1))).to.deep.equal({ repeatOf: 'KR-3', repeatCount: 3 });
  });
});
