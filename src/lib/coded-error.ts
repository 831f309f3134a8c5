/**
 * An error with a stable code beside its message: the UI, the CLI and the tests tell failures
 * apart by `code`, and show `message` to the user. Subclasses set `name` as a literal (it
 * survives minification and crossing a worker).
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}
