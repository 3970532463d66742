// Flag values parsed at the CLI boundary, every problem collected so a user
// sees all of them in one run rather than one per try.
import { CliError, EXIT_ERROR } from './exit-codes.js';

export class FlagProblems {
  private readonly problems: string[] = [];

  add(problem: string): void {
    this.problems.push(problem);
  }

  /** A whole number from min to max, or undefined when the flag is absent; `expected` says what the flag wants. */
  wholeNumber(
    flag: string,
    value: string | undefined,
    range: { min: number; max?: number },
    expected: string,
  ): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (
      !/^\s*-?\d+\s*$/.test(value) ||
      !Number.isSafeInteger(n) ||
      n < range.min ||
      (range.max !== undefined && n > range.max)
    ) {
      this.add(`${flag} ${value}: expected ${expected}`);
      return undefined;
    }
    return n;
  }

  /** Throws one CliError (exit 2) listing every problem, if there are any. */
  throwIfAny(): void {
    if (this.problems.length === 1) throw new CliError(this.problems[0]!, EXIT_ERROR);
    if (this.problems.length > 1)
      throw new CliError(`invalid options:\n  - ${this.problems.join('\n  - ')}`, EXIT_ERROR);
  }
}
