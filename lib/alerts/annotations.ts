import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import type { SessionUser } from "../auth/roles";
import type { Db } from "../db/client";
import { referenceData } from "../reference/data";

// Notes at a time ("Kakao Pay maintenance 02:00-03:00"), written by ops and
// admins, drawn on time charts for everyone who may see that wallet/district.

const ref = referenceData();
const instant = z.iso.datetime({ offset: true, message: "must be a date-time with a zone, like 2023-10-02T20:00:00+08:00" });

export const annotationSchema = z
  .strictObject({
    at: instant,
    endAt: instant.optional(),
    text: z.string().trim().min(1, "text is required").max(500),
    wallet: z.string().refine((w) => ref.wallets.some((x) => x.code === w), "unknown wallet").optional(),
    district: z.string().refine((d) => ref.districts.some((x) => x.code === d && x.current), "unknown district").optional(),
  })
  .refine((a) => !a.endAt || Date.parse(a.endAt) > Date.parse(a.at), { message: "must be after at", path: ["endAt"] });
export type AnnotationInput = z.infer<typeof annotationSchema>;

export const annotationRangeSchema = z.strictObject({ from: instant, to: instant });

export function createAnnotation(db: Db, a: AnnotationInput, by: string) {
  return db.annotation.create({
    data: { id: crypto.randomUUID(), at: new Date(a.at), endAt: a.endAt ? new Date(a.endAt) : null, text: a.text, wallet: a.wallet ?? null, district: a.district ?? null, createdBy: by },
  });
}

/** Annotations overlapping the range that the user may see (a district note only for users who see that district). */
export function listAnnotations(db: Db, user: SessionUser, from: Date, to: Date) {
  return db.annotation.findMany({
    where: {
      at: { lt: to },
      AND: [
        { OR: [{ endAt: null, at: { gte: from } }, { endAt: { gte: from } }] },
        ...(user.districts.length ? [{ OR: [{ district: null }, { district: { in: user.districts } }] }] : []),
      ],
    },
    orderBy: { at: "asc" },
    take: 500,
  });
}

export async function deleteAnnotation(db: Db, id: string) {
  const found = await db.annotation.findUnique({ where: { id }, select: { text: true } });
  if (found) await db.annotation.delete({ where: { id } });
  return found;
}
