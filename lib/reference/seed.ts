import "server-only";
import type { Db } from "../db/client";
import { referenceData } from "./data";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const opt = (iso: string | undefined) => (iso ? day(iso) : null);
// Inserted when missing, then updated: on Citus these are reference tables, where an upsert's
// DO UPDATE SET may not cast its parameters (Prisma casts enums and dates) and RETURNING may not
// convert an enum to text, so only the key comes back.
const KEY = { code: true } as const;

async function put<T>(rows: T[], createMany: (a: { data: T[]; skipDuplicates: true }) => Promise<unknown>, update: (row: T) => Promise<unknown>) {
  await createMany({ data: rows, skipDuplicates: true });
  for (const r of rows) await update(r);
}

/** Upserts every reference row in one transaction; running it again changes nothing. */
export async function seedReferenceData(db: Db): Promise<void> {
  const ref = referenceData();
  await db.$transaction(async (tx) => {
    await put(ref.currencies, (a) => tx.currency.createMany(a), (c) => tx.currency.update({ where: { code: c.code }, data: c, select: KEY }));
    await put(ref.channels, (a) => tx.channel.createMany(a), (c) => tx.channel.update({ where: { code: c.code }, data: c, select: KEY }));
    const wallets = ref.wallets.map((w) => ({ ...w, liveSince: day(w.liveSince) }));
    await put(wallets, (a) => tx.wallet.createMany(a), (w) => tx.wallet.update({ where: { code: w.code }, data: w, select: KEY }));
    // Current districts first: the pre-2021 ones point at them.
    const districts = [...ref.districts].sort((a, b) => Number(b.current) - Number(a.current));
    const districtRows = districts.map((d) => ({ ...d, mergedIntoCode: d.mergedIntoCode ?? null, validFrom: opt(d.validFrom), validTo: opt(d.validTo) }));
    await put(districtRows, (a) => tx.district.createMany(a), (d) => tx.district.update({ where: { code: d.code }, data: d, select: KEY }));
    await put(ref.venues, (a) => tx.venue.createMany(a), (v) => tx.venue.update({ where: { code: v.code }, data: v, select: KEY }));
    const events = ref.calendar.map((e) => ({ ...e, venueCode: e.venueCode ?? null, startsOn: day(e.startsOn), endsOn: day(e.endsOn) }));
    await put(events, (a) => tx.calendarEvent.createMany(a), (e) =>
      tx.calendarEvent.update({ where: { kind_nameEn: { kind: e.kind, nameEn: e.nameEn } }, data: e, select: { id: true } }),
    );
    await put(ref.resultCodes, (a) => tx.resultCode.createMany(a), (r) => tx.resultCode.update({ where: { code: r.code }, data: r, select: KEY }));
  }, { timeout: 60_000 });
}
