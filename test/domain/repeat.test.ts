import { expect } from 'chai';
import { repeatKey } from '../../domain/repeat.ts';

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
