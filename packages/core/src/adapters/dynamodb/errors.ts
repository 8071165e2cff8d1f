/**
 * Thrown before a write whose item would come close to DynamoDB's 400 KB item limit. An NLB's
 * targets live inside its item (a handful per NLB in a workshop), so this means something is
 * badly off (thousands of targets, or a runaway error message), and failing loudly beats
 * DynamoDB's generic ValidationException halfway through a sweep.
 */
export class ItemTooLargeError extends Error {
  readonly sizeBytes: number;

  constructor(message: string, sizeBytes: number) {
    super(message);
    this.name = "ItemTooLargeError";
    this.sizeBytes = sizeBytes;
  }
}

/** Thrown when a pagination cursor was not produced by the same query (tampered, or for another workshop or NLB). */
export class InvalidCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidCursorError";
  }
}
