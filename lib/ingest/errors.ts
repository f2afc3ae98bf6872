import type { RowError } from "./schema";

export class IngestValidationError extends Error {
  constructor(readonly errors: RowError[]) {
    super(
      `${new Set(errors.map((e) => e.row)).size} of the rows are invalid; nothing from this batch was stored. ` +
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
