import type { Sql } from "../db/client";
import { CountMoves } from "./activity";
import { bucketSql, bucketStart } from "./rollup-keys";
import type { Column } from "./upsert-sums";
import { failedSql } from "../statuses";

// Operations' top result codes under a district filter read the daily cube,
// the only daily table with both the district and the result code; its rows
// per day grow with every home country, category and venue zone that occurs
// (one day in three districts: 8,800 rows at 10M). Failed payments alone, by
// district and result code, stay near wallets x codes per district and day,
// and only failed payments (about 5%) write them. Hours too, for ranges such
// as today so far, whose whole hours otherwise read the hourly cube.

/** What one payment in one state adds to failure_hours and failure_days. */
export interface FailureContribution {
  createdAt: Date;
  channelCode: string;
  walletCode: string | null;
  districtCode: string;
  status: string;
  resultCode: string;
}

const COLUMNS: Column[] = [["bucket", "::timestamptz"], ["channel_code", ""], ["wallet_code", ""], ["district_code", ""], ["result_code", ""]];
const GRAINS = [["failure_hours", 3600], ["failure_days", 86400]] as const;

/** +/- failed payments per hour and per local day, channel, wallet, district and result code. */
export class FailureDelta {
  private readonly grains = GRAINS.map(() => new CountMoves());

  add(c: FailureContribution, sign: 1 | -1): void {
    if (c.status !== "FAILED") return;
    GRAINS.forEach(([, seconds], g) => {
      this.grains[g]!.move([bucketStart(c.createdAt, seconds).toISOString(), c.channelCode, c.walletCode ?? "", c.districtCode, c.resultCode], sign);
    });
  }

  async apply(tx: Sql): Promise<void> {
    for (const [g, [table]] of GRAINS.entries()) await this.grains[g]!.apply(tx, table, COLUMNS, "failed");
  }
}

/** The same tables from raw rows (columns in the table's order), for the rebuild and the exactness tests. */
const failuresSql = (seconds: number) => `SELECT ${bucketSql("t.created_at", seconds)} AS bucket, t.channel_code, coalesce(t.wallet_code, '') AS wallet_code,
    t.district_code, t.result_code, count(*)::integer AS failed
  FROM transactions t WHERE ${failedSql("t.status")}
  GROUP BY 1, 2, 3, 4, 5`;
export const FAILURE_HOURS_SQL = failuresSql(3600);
export const FAILURE_DAYS_SQL = failuresSql(86400);
