import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('matches the text anywhere, as written (the query lower-cases both sides)', () => {
    expect(containsPattern('Golf')).toBe('%Golf%');
  });

  it.each([
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['%_\\', '%\\%\\_\\\\%'],
  ])('escapes the LIKE wildcards and the escape character in %p', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });

  it('matches everything for an empty text', () => {
    expect(containsPattern('')).toBe('%%');
  });
});
