import type { RowError } from "./schema";

export class IngestValidationError extends Error {
  constructor(readonly errors: RowError[]) {
    const rows = new Set(errors.map((e) => e.row)).size;
    super(
      `${rows} ${rows === 1 ? "row is" : "rows are"} invalid; nothing from this batch was stored. ` +
        errors
          .slice(0, 3)
          .map((e) => `row ${e.row} ${e.field}: ${e.reason}`)
          .join("; "),
    );
    this.name = "IngestValidationError";
  }
}

export class BatchTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchTooLargeError";
  }
}

/** A batch would replace stored reference rates without saying it is a correction: nothing was written. */
export class RateConflictError extends Error {
  constructor(readonly errors: RowError[]) {
    super(
      `${errors.length} ${errors.length === 1 ? "rate differs" : "rates differ"} from the stored reference rate; nothing from this batch was stored. ` +
        errors.slice(0, 3).map((e) => `row ${e.row}: ${e.reason}`).join("; "),
    );
    this.name = "RateConflictError";
  }
}
