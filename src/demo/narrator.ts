// The demo's voice: numbered steps, the commands it runs, and a verdict per
// check ("ok" or "UNEXPECTED"). The demo's exit code comes from the verdicts.
import type { Writable } from 'node:stream';

export class Narrator {
  private stepNo = 0;
  private failures: string[] = [];

  constructor(
    private readonly out: Writable,
    private readonly totalSteps: number,
  ) {}

  say(text = ''): void {
    this.out.write(`${text}\n`);
  }

  step(title: string): void {
    this.stepNo++;
    this.say(`\n[${this.stepNo}/${this.totalSteps}] ${title}`);
  }

  /** A command as the user could type it, and where it runs. */
  command(where: string, text: string): void {
    this.say(`      (${where}) $ ${text}`);
  }

  detail(text: string): void {
    for (const line of text.split('\n')) this.say(`          ${line}`);
  }

  ok(text: string): void {
    this.say(`  ok  ${text}`);
  }

  unexpected(text: string): void {
    this.failures.push(text);
    this.say(`  UNEXPECTED  ${text}`);
  }

  /** ok when `good`, else unexpected; returns `good`. */
  check(good: boolean, okText: string, badText: string): boolean {
    if (good) this.ok(okText);
    else this.unexpected(badText);
    return good;
  }

  get failed(): readonly string[] {
    return this.failures;
  }
}
