// One guard per proxied exchange. Node calls the proxy's request and response
// handlers from socket events, where an exception has no caller to catch it:
// it would end the daemon, and with it every other client's stream. Each
// handler of an exchange is wrapped by that exchange's guard; the first
// exception ends the exchange (the caller's onThrow answers 502 or cuts the
// connection) and later ones from the same exchange are ignored.

export type Guard = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A) => void;

export function exchangeGuard(onThrow: (err: unknown) => void): Guard {
  let tripped = false;
  return (handler) =>
    (...args) => {
      try {
        handler(...args);
      } catch (err) {
        if (tripped) return;
        tripped = true;
        try {
          onThrow(err);
        } catch {
          // onThrow cuts the connection as its last resort; nothing is left to do here.
        }
      }
    };
}
