/**
 * Registration's district check: `address.district` must name one of the city's active districts
 * (data/districts.repository.ts), so that a typo is refused at the door instead of starting a new
 * "district" that splits the lists and reports by district.
 */
import type { IntakeError } from '../../contracts/intake.ts';
import type { DistrictsRepository } from '../../data/districts.repository.ts';

/** The refusal for a district that is not a known active one (422 `unknown_district`), or undefined when it is. */
export async function districtRefusal(districts: Pick<DistrictsRepository, 'get' | 'list'>, district: string): Promise<IntakeError | undefined> {
  const found = await districts.get(district);
  if (found?.active) return undefined;
  const known = (await districts.list()).map((d) => d.name);
  const message = found ? `district '${district}' is no longer in use` : `no district named '${district}'`;
  return {
    status: 422,
    code: 'unknown_district',
    message: `body.address.district: ${message}; one of: ${known.join(', ')}`,
    details: { fields: [{ field: 'body.address.district', message }], districts: known },
  };
}
