import type { Db } from "../db/client";
import { referenceData } from "./data";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const opt = (iso: string | undefined) => (iso ? day(iso) : null);

/** Upserts every reference row in one transaction; running it again changes nothing. */
export async function seedReferenceData(db: Db): Promise<void> {
  const ref = referenceData();
  await db.$transaction(async (tx) => {
    for (const c of ref.currencies) {
      await tx.currency.upsert({ where: { code: c.code }, create: c, update: c });
    }
    for (const c of ref.channels) {
      await tx.channel.upsert({ where: { code: c.code }, create: c, update: c });
    }
    for (const w of ref.wallets) {
      const data = { ...w, liveSince: day(w.liveSince) };
      await tx.wallet.upsert({ where: { code: w.code }, create: data, update: data });
    }
    // Current districts first: the pre-2021 ones point at them.
    const districts = [...ref.districts].sort((a, b) => Number(b.current) - Number(a.current));
    for (const d of districts) {
      const data = {
        ...d,
        mergedIntoCode: d.mergedIntoCode ?? null,
        validFrom: opt(d.validFrom),
        validTo: opt(d.validTo),
      };
      await tx.district.upsert({ where: { code: d.code }, create: data, update: data });
    }
    for (const v of ref.venues) {
      await tx.venue.upsert({ where: { code: v.code }, create: v, update: v });
    }
    for (const e of ref.calendar) {
      const data = { ...e, venueCode: e.venueCode ?? null, startsOn: day(e.startsOn), endsOn: day(e.endsOn) };
      await tx.calendarEvent.upsert({
        where: { kind_nameEn: { kind: e.kind, nameEn: e.nameEn } },
        create: data,
        update: data,
      });
    }
    for (const r of ref.resultCodes) {
      await tx.resultCode.upsert({ where: { code: r.code }, create: r, update: r });
    }
  }, { timeout: 60_000 });
}
