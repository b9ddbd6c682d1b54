import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateToken, tokensMatch } from '../../src/server/token.js';

test('§11.1/1 generated tokens are xxxx-xxxx-xxxx-xxxx and distinct', () => {
  const tokens = Array.from({ length: 20 }, generateToken);
  for (const token of tokens) assert.match(token, /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  assert.equal(new Set(tokens).size, 20);
});

test('§11.1/2 comparison succeeds only for identical strings', () => {
  const token = generateToken();
  assert.equal(tokensMatch(token, token), true);
  assert.equal(tokensMatch('abcd-efgh', 'abcd-efgi'), false);
  assert.equal(tokensMatch('short', 'longer-string'), false);
  assert.equal(tokensMatch('longer-string', 'short'), false);
  assert.equal(tokensMatch('abc\u0000', 'abc'), false, 'zero padding must not make a longer token match');
});

test('§11.1/3 non-strings, and an empty expected token, never match', () => {
  for (const presented of [12345, ['a', 'b'], null, undefined, { token: 'x' }]) assert.equal(tokensMatch(presented, 'x'), false);
  assert.equal(tokensMatch('', ''), false);
});
