/**
 * What the command line says when it cannot go on: the message on stderr and its exit code, no
 * stack trace. A UsageError is a mistake in the command line itself (exit 2, with the usage line).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(reason: string) {
    super(reason, 2);
    this.name = 'UsageError';
  }
}
