/** The `districts` collection: the city's districts, `_id` = the name exactly as `address.district` carries it. */
import { Schema, type Connection, type Model } from 'mongoose';

export interface DistrictDoc {
  _id: string;
  name: string;
  active: boolean;
  updatedAt: Date;
}

export const districtDocSchema = new Schema<DistrictDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    active: { type: Boolean, required: true, index: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'districts', versionKey: false, _id: false },
);

export function districtModel(conn: Connection): Model<DistrictDoc> {
  return (conn.models.District as Model<DistrictDoc> | undefined) ?? conn.model<DistrictDoc>('District', districtDocSchema);
}
