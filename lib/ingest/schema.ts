import { z } from "zod";
import { STATUSES } from "../statuses";

// The wire format of one transaction, shared by the HTTP API, the simulator and
// any client. Each row is the full current state of a transaction: sending it
// again is a no-op, sending it with a newer updatedAt and a new status updates it.

export const MAX_BATCH_ROWS = 5_000;
export const MAX_BATCH_BYTES = 5 * 1024 * 1024;

export const TRANSACTION_STATUSES = STATUSES;
export type TransactionStatusInput = (typeof TRANSACTION_STATUSES)[number];

// Money travels as a decimal string (or a JSON number) and is never turned into
// a float on the way to the database.
const decimalAmount = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .pipe(
    z
      .string()
      .regex(/^\d{1,14}(\.\d{1,4})?$/, "must be a positive decimal number like 125.50 (at most 4 decimal places)")
      .refine((s) => /[1-9]/.test(s), "must be greater than zero"),
  );

const timestamp = z.iso.datetime({
  offset: true,
  message: "must be an ISO 8601 date-time with a time zone, e.g. 2023-09-23T20:15:00+08:00",
});

export const transactionInputSchema = z.strictObject({
  externalId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, "must be 1-64 characters: letters, digits, _ . : -"),
  channel: z.enum(["WALLET", "CARD"]).default("WALLET"),
  wallet: z.string().min(1).max(32).optional(),
  payerCountry: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 alpha-2 code like KR").optional(),
  merchantId: z.string().min(1).max(32),
  district: z.string().min(1).max(32).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like KRW"),
  amount: decimalAmount,
  amountCny: decimalAmount,
  status: z.enum(TRANSACTION_STATUSES),
  resultCode: z.string().regex(/^[A-Z0-9_]{1,64}$/, "must be an upper-case code like REQUEST_TIMEOUT").optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  payerId: z.string().min(1).max(128),
  createdAt: timestamp,
  updatedAt: timestamp.optional(),
});

export type TransactionInput = z.input<typeof transactionInputSchema>;
export type ParsedTransaction = z.output<typeof transactionInputSchema>;

export interface RowError {
  /** 0-based index of the row in the batch (line number - 1 for NDJSON). */
  row: number;
  externalId?: string;
  field: string;
  reason: string;
}

export const merchantInputSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/),
  name: z.string().min(1).max(200),
  districtCode: z.string().min(1).max(32),
  category: z.enum(["DINING", "RETAIL", "CONVENIENCE", "HOTEL", "TRANSPORT", "ATTRACTION", "SOUVENIR", "ENTERTAINMENT"]),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  onboardedOn: z.iso.date(),
});
export type MerchantInput = z.infer<typeof merchantInputSchema>;

export const fxRateInputSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  minute: timestamp,
  midRate: z.string().regex(/^\d{1,10}(\.\d{1,12})?$/, "must be a decimal number of CNY per unit like 1.5517 (at most 12 decimal places)"),
  // replaces a stored rate that differs; without it such a rate is refused with 409
  correction: z.boolean().default(false),
  reason: z.string().trim().min(3).max(500).optional(),
});
export type FxRateInput = z.input<typeof fxRateInputSchema>;
