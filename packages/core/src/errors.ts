/**
 * An error the user can act on: `message` is one line naming the input, the reason and what to do.
 * The CLI prints only the message (no stack) unless --debug is given.
 */
export class LprError extends Error {
  override readonly name = 'LprError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
