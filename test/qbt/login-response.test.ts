import { describe, expect, it } from 'vitest';
import { findSessionCookie, interpretLogin } from '../../src/qbt/login-response.js';
import { fixture } from './helpers/fake-qbt.js';

const login = (gen: '4.5.2' | '5.2', name: string) => {
  const r = fixture(gen, name);
  return interpretLogin(r.status, r.body, r.headers['set-cookie'] ? [r.headers['set-cookie']] : []);
};

describe('qBittorrent login, up to 5.1 (recorded from 4.5.2)', () => {
  it('200 "Ok." with cookie SID is a session', () => {
    expect(login('4.5.2', 'login-ok')).toEqual({
      kind: 'ok',
      generation: 'legacy',
      cookie: { name: 'SID', value: 'Zd+cz16TELIYZ5fLV63ZFWuIhZhuEiw9' },
    });
  });
  it('200 "Fails." is wrong credentials (not an HTTP error)', () => {
    expect(login('4.5.2', 'login-fails')).toMatchObject({ kind: 'bad-credentials', status: 200, body: 'Fails.' });
  });
  it('403 "...banned..." is a ban', () => {
    expect(login('4.5.2', 'banned')).toMatchObject({ kind: 'banned' });
  });
});

describe('qBittorrent login, 5.2+ (reconstructed from the 5.2 source)', () => {
  it('204 with cookie QBT_SID_<port> is a session, whatever port the client used', () => {
    expect(login('5.2', 'login-ok')).toEqual({
      kind: 'ok',
      generation: '5.2+',
      cookie: { name: 'QBT_SID_8080', value: '9b3bZqkR0m1rK3yVw8cQ2Vt9o1s0c7Ue' },
    });
  });
  it('401 is wrong credentials', () => {
    expect(login('5.2', 'login-unauthorized')).toMatchObject({ kind: 'bad-credentials', status: 401 });
  });
  it('403 "...banned..." is still a ban', () => {
    expect(login('5.2', 'banned')).toMatchObject({ kind: 'banned' });
  });
});

describe('qBittorrent login: anything else is unexpected, never success', () => {
  it('a 200 page from a proxy is not "Ok."', () => {
    expect(interpretLogin(200, '<html>login</html>', [])).toMatchObject({ kind: 'unexpected', status: 200 });
  });
  it('a 500 is unexpected', () => {
    expect(interpretLogin(500, 'boom', [])).toMatchObject({ kind: 'unexpected', status: 500 });
  });
  it('a plain 403 without the ban text is unexpected', () => {
    expect(interpretLogin(403, 'Forbidden', [])).toMatchObject({ kind: 'unexpected' });
  });
});

describe('session cookie: only SID or QBT_SID_<digits>', () => {
  it('ignores other cookies and empty values', () => {
    expect(
      findSessionCookie(['theme=dark; path=/', 'SID=; path=/', 'QBT_SID_x=1', 'QBT_SID_9090=abc; HttpOnly']),
    ).toEqual({
      name: 'QBT_SID_9090',
      value: 'abc',
    });
    expect(findSessionCookie(['garbage', '=novalue'])).toBeNull();
  });
  it('keeps "=" inside the value (base64)', () => {
    expect(findSessionCookie(['SID=ab/c+d==; path=/'])).toEqual({ name: 'SID', value: 'ab/c+d==' });
  });
});
